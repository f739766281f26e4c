/**
 * The admin build's patch of the Content Manager's useDocument hook (src/admin/memoize-validation.ts):
 * it applies to the installed Strapi version, and it refuses code it was not written for.
 */
import fs from 'fs';
import path from 'path';
import { memoizeUseDocumentValidation, memoizeValidationPlugin, USE_DOCUMENT_MODULE } from '../../src/admin/memoize-validation';

const hook = path.join(path.dirname(require.resolve('@strapi/content-manager/package.json')), 'dist/admin/hooks/useDocument.mjs');

test('the installed useDocument hook builds its validation schema through the memo', () => {
  expect(USE_DOCUMENT_MODULE.test(hook)).toBe(true);
  const patched = memoizeUseDocumentValidation(fs.readFileSync(hook, 'utf8'));
  expect(patched).toContain('return memoizedYupSchema(schema.attributes, components);');
  expect(patched).not.toContain('return createYupSchema(schema.attributes, components);');
  // The memo itself still builds with the Content Manager's function, once per attributes and components.
  expect(patched.match(/createYupSchema\(attributes, components\)/g)).toHaveLength(1);
});

test('code the patch was not written for stops the build, saying why', () => {
  expect(() => memoizeUseDocumentValidation('export const useDocument = () => null;')).toThrow(/not the code this patch was written for/);
});

test('the Vite plugin leaves every other module alone', () => {
  const plugin = memoizeValidationPlugin();
  expect(plugin.transform('const a = 1;', '/app/node_modules/@strapi/content-manager/dist/admin/hooks/useDocumentLayout.mjs')).toBeNull();
  expect(plugin.transform('const a = 1;', '/app/src/admin/app.tsx')).toBeNull();
  expect(() => plugin.transform('const a = 1;', `${hook}?v=1`)).toThrow(/not the code/);
});
