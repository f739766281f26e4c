import { mergeConfig, type UserConfig } from 'vite';
import { memoizeValidationPlugin } from './memoize-validation';

/** The admin bundle's Vite configuration: Strapi's, plus the validation-schema memo (memoize-validation.ts). */
export default (config: UserConfig) =>
  mergeConfig(config, {
    plugins: [memoizeValidationPlugin()],
  });
