import { createRequire } from 'module';
import { errors } from '@strapi/utils';
import type { InputProblem } from '../security/input-guard';

/**
 * @strapi/utils has no 409 or 405 error; its error middleware answers any `HttpError` of the http-errors
 * copy it uses with that error's status and `details`. Resolve that same copy so instanceof holds.
 */
const requireFromUtils = createRequire(require.resolve('@strapi/utils'));
const createHttpError = requireFromUtils('http-errors') as (status: number, message: string) => Error & { details?: unknown };

/** An HTTP error Strapi answers with this status, message and details (e.g. 409, 405). */
export function httpError(status: number, message: string, details: Record<string, unknown> = {}) {
  const error = createHttpError(status, message);
  error.details = details;
  return error;
}

export const conflict = (message: string, details: Record<string, unknown>) => httpError(409, message, details);

export function isHttpError(error: unknown): error is Error & { status: number } {
  return error instanceof errors.HttpError;
}

/** The 400 of an input check (security/): `details.errors[].path` names the field or parameter. */
export function inputRefusal(problem: InputProblem) {
  return new errors.ValidationError(problem.message, {
    errors: [{ path: problem.path, message: problem.message, name: 'ValidationError' }],
    source: problem.source,
    rule: problem.rule,
  });
}
