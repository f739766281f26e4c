import { errors } from '@strapi/utils';

/**
 * The ticket `version` a change is based on (optimistic concurrency), on every endpoint that takes
 * one: a positive integer sent as a JSON number. `"1"`, `[1]`, `1.5`, `1e300`, `true` are refused
 * (400 naming `version`) rather than coerced, so a client bug shows up instead of passing by luck.
 */
export function requireVersion(version: unknown, what = 'the ticket your change is based on'): number {
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 1) return version;
  const message =
    version === undefined || version === null || version === ''
      ? `version is required: send the version of ${what} (a positive whole number, as a JSON number, e.g. "version": 3).`
      : `version must be the version of ${what}: a positive whole number sent as a JSON number (e.g. "version": 3); got ${JSON.stringify(version)?.slice(0, 40) ?? typeof version}.`;
  throw new errors.ValidationError(message, { errors: [{ path: ['version'], message, name: 'ValidationError' }] });
}
