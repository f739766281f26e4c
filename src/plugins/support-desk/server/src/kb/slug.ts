/**
 * Slugs of KB articles and categories made from their title (pure).
 *
 * Chinese characters become pinyin without tones (pinyin-pro), everything else is slugified without
 * splitting words at case changes ("VLANs" → `vlans`, not `vla-ns`); a slug is unique per locale
 * by a `-2`, `-3` … suffix. A slug still "follows" its title when it is the title's slug (with or
 * without such a suffix): renaming the title of a never-published entry then renames the slug (a
 * published slug is a public address and stays); a slug an editor typed stays.
 */
import { pinyin } from 'pinyin-pro';
import slugify from '@sindresorhus/slugify';

export const MAX_SLUG_LENGTH = 80;

export function slugFromTitle(title: string | null | undefined): string {
  const text = String(title ?? '').trim();
  if (!text) return '';
  // Han characters one syllable each; runs of other characters kept whole.
  const parts = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true });
  const slug = slugify(parts.join(' '), { decamelize: false });
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 20 ? cut.slice(0, lastDash) : slug.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}

/** `base`, else `base-2`, `base-3` … whichever is not taken. */
export function uniqueSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i += 1) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Whether `slug` is a stand-in rather than a real slug: the Content Manager fills a required slug as
 * soon as the create form opens, from the still empty title (`kb-article`, `kb-article-1`, or our
 * `kb-article-<8 hex>`). Such a slug is replaced by the title's when the entry is saved.
 */
export function isPlaceholderSlug(slug: string | null | undefined, modelName: string): boolean {
  if (!slug) return true;
  const escaped = modelName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(-\\d+|-[0-9a-f]{8})?$`).test(slug);
}

/** Whether `slug` was made from `title` (and so should follow it when the title changes). */
export function followsTitle(slug: string | null | undefined, title: string | null | undefined): boolean {
  if (!slug) return true;
  const base = slugFromTitle(title);
  if (!base) return false;
  return slug === base || new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(slug);
}
