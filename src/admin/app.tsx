/**
 * Admin panel settings: the support department works in Chinese as well as English, so the admin
 * offers zh-Hans next to en (each user picks it under Profile → Interface language; the plugin's
 * panels and pages ship both translations).
 */
export default {
  config: {
    locales: ['zh-Hans'],
  },
  bootstrap() {},
};
