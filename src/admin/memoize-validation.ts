/**
 * One validation schema per content type in the admin, instead of one per field (issue 15, the
 * ticket page's opening time). Applied to the admin bundle by `vite.config.ts` when it is built
 * (`strapi build`, `npm run build`, the browser tests' tests/helpers/admin-build.js): what users get.
 * `strapi develop` pre-bundles the Content Manager with esbuild, which Vite plugins do not see.
 *
 * The Content Manager's `useDocument` hook (@strapi/content-manager 5.54.0,
 * dist/admin/hooks/useDocument.mjs) builds a yup schema of the whole content type in a `useMemo`, so
 * once per component that calls it. On the edit view every field calls it three times (its
 * `InputRenderer`: `useDocumentContext` → `useDoc` and `useDocument`, `useDocumentLayout` →
 * `useDocument`), a relation field four more: about 170 builds of the 60-attribute ticket schema
 * on each opening of a ticket, the largest part of the renderer's time
 * (tests/e2e/ticket-page-profile.test.ts). The build depends only on the schema's attributes and
 * components, which the Content Manager keeps as the same objects for a content type
 * (useContentTypeSchema's module-level cache), and a yup schema is immutable: the patched hook takes
 * it from a WeakMap keyed by those two objects.
 *
 * Pure: the text transformation only. It throws when the hook's code is not what it was written
 * for (a Strapi upgrade): the admin build then stops, saying so, instead of going on unpatched.
 */

/** The module this rewrites, as Vite names it (its path inside node_modules). */
export const USE_DOCUMENT_MODULE = /[\\/]@strapi[\\/]content-manager[\\/]dist[\\/]admin[\\/]hooks[\\/]useDocument\.mjs$/;

const CALL = 'return createYupSchema(schema.attributes, components);';
const IMPORT = "import { createYupSchema } from '../utils/validation.mjs';";

const MEMO = `
/* support-desk (src/admin/memoize-validation.ts): one validation schema per content type and components. */
const supportDeskYupSchemas = new WeakMap();
const EMPTY_COMPONENTS_KEY = {};
const memoizedYupSchema = (attributes, components) => {
    let byComponents = supportDeskYupSchemas.get(attributes);
    if (!byComponents) {
        byComponents = new WeakMap();
        supportDeskYupSchemas.set(attributes, byComponents);
    }
    const key = components && typeof components === 'object' ? components : EMPTY_COMPONENTS_KEY;
    let built = byComponents.get(key);
    if (!built) {
        built = createYupSchema(attributes, components);
        byComponents.set(key, built);
    }
    return built;
};
`;

const count = (text: string, part: string) => text.split(part).length - 1;

/** The hook's code with its validation schema memoized; throws when the code is not the expected one. */
export function memoizeUseDocumentValidation(code: string): string {
  if (count(code, CALL) !== 1 || count(code, IMPORT) !== 1) {
    throw new Error(
      'src/admin/memoize-validation.ts: @strapi/content-manager dist/admin/hooks/useDocument.mjs is not the code this patch was written for ' +
        `(expected once each: "${IMPORT}" and "${CALL}"). Check whether the Content Manager still builds a validation schema per hook, then update or remove the patch.`,
    );
  }
  return code.replace(IMPORT, `${IMPORT}\n${MEMO}`).replace(CALL, 'return memoizedYupSchema(schema.attributes, components);');
}

/** The Vite plugin: rewrites the hook's module when the admin bundle is built or served. */
export function memoizeValidationPlugin() {
  return {
    name: 'support-desk:memoize-validation',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      const file = id.split('?')[0];
      if (!USE_DOCUMENT_MODULE.test(file)) return null;
      return { code: memoizeUseDocumentValidation(code), map: null };
    },
  };
}
