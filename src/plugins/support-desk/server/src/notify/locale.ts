/** Message locales of the outbox and how a recipient's locale is chosen (pure). */

export const MESSAGE_LOCALES = ['zh-Hans', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

/** The product's home locale: the fallback when a recipient's locale is unknown or unsupported. */
export const DEFAULT_MESSAGE_LOCALE: MessageLocale = 'zh-Hans';

/**
 * Maps what callers have (`zh-Hans`, `zh`, `zh-CN`, `zh_Hans_CN`, `en-US`, `EN` …) to a message
 * locale, or null when it is none of ours (traditional Chinese — zh-Hant, zh-TW, zh-HK — is not
 * simplified Chinese and is treated as unknown).
 */
export function normalizeLocale(input: unknown): MessageLocale | null {
  if (typeof input !== 'string') return null;
  const tag = input.trim().replace(/_/g, '-').toLowerCase();
  if (!tag) return null;
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag.startsWith('zh-')) {
    if (/^zh-(hant|tw|hk|mo)(-|$)/.test(tag)) return null;
    return 'zh-Hans';
  }
  return null;
}

/** Recipient locale if a template exists in it, else zh-Hans, else en. */
export function chooseLocale(requested: unknown, available: readonly MessageLocale[] = MESSAGE_LOCALES): MessageLocale {
  const wanted = normalizeLocale(requested);
  if (wanted && available.includes(wanted)) return wanted;
  if (available.includes('zh-Hans')) return 'zh-Hans';
  if (available.includes('en')) return 'en';
  throw new Error('no template locale available');
}
