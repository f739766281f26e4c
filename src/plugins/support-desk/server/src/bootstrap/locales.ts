import { CONTENT_LOCALES } from '../constants';
import { memoizeFor } from '../utils/memo';

/**
 * How long the i18n default locale is kept in memory. The document service asks for it on every
 * request that names no locale (a core-store read each time); it changes only when an administrator
 * sets another default — at once on this instance, within this time on the others.
 */
export const DEFAULT_LOCALE_TTL_MS = 5_000;

/** The i18n locales service's `getDefaultLocale`, read at most once per DEFAULT_LOCALE_TTL_MS; `setDefaultLocale` clears it. */
export function cacheDefaultLocale() {
  const locales = strapi.plugin('i18n').service('locales') as { getDefaultLocale: () => Promise<string>; setDefaultLocale: (...args: unknown[]) => Promise<unknown> };
  const read = locales.getDefaultLocale;
  const set = locales.setDefaultLocale;
  const memo = memoizeFor(() => read(), DEFAULT_LOCALE_TTL_MS);
  locales.getDefaultLocale = () => memo.get();
  locales.setDefaultLocale = async (...args: unknown[]) => {
    memo.clear();
    try {
      return await set(...args);
    } finally {
      memo.clear();
    }
  };
}

/** KB content is written in English and Simplified Chinese; i18n creates `en` itself on first boot. */
export async function ensureLocales() {
  const locales = strapi.plugin('i18n').service('locales');
  for (const locale of CONTENT_LOCALES) {
    if (!(await locales.findByCode(locale.code))) {
      await locales.create({ code: locale.code, name: locale.name });
    }
  }
}
