import { CONTENT_LOCALES } from '../constants';

/** KB content is written in English and Simplified Chinese; i18n creates `en` itself on first boot. */
export async function ensureLocales() {
  const locales = strapi.plugin('i18n').service('locales');
  for (const locale of CONTENT_LOCALES) {
    if (!(await locales.findByCode(locale.code))) {
      await locales.create({ code: locale.code, name: locale.name });
    }
  }
}
