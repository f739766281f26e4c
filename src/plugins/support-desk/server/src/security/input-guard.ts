/**
 * Hostile-input checks, pure (no Strapi import): the global middlewares `input-guard` and
 * `body-guard` (middlewares/input-guard.ts) apply them to every request before routing, so that
 * input no field of the product can use is refused with 400 before any controller, policy or
 * database sees it. Each check returns `null` (fine) or the problem: where it is, and a message a
 * person can act on.
 *
 * What is refused, everywhere (path, query string, JSON/form body):
 * - a NUL character (U+0000): no field stores one, and PostgreSQL cannot (it answers an error);
 * - malformed percent-encoding in the path (`/tickets/%E0%A4%A`);
 * - a string longer than `maxStringLength` characters, or a key longer than `MAX_KEY_LENGTH`;
 * - objects or arrays nested deeper than `maxDepth` levels (`{"a":{"b":1}}` is depth 2);
 * - paging numbers that are not plain decimal integers in range: `page` and `pageSize` (top level,
 *   customer/KB/admin lists) and `pagination[page|pageSize|start|limit]` (core REST). `1e300`,
 *   `0x10`, ` 5`, `+5`, `abc`, `page[]=1` are refused; the bounds only stop absurd numbers, each
 *   endpoint's own cap still applies after this (a pageSize of 5000 on the KB is answered with 50).
 */
export interface InputLimits {
  /** Longest string accepted anywhere in a request (characters). */
  maxStringLength: number;
  /** Deepest nesting of objects/arrays in a body or query (the query parser stops at 20 anyway). */
  maxDepth: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxStringLength: 100_000, maxDepth: 20 };
/** Longest object key (a field or parameter name): no schema has a name anywhere near this. */
export const MAX_KEY_LENGTH = 200;
/** Paging bounds: page 1…MAX_PAGE, pageSize 1…MAX_PAGE_SIZE, start 0…MAX_START, limit -1 (all, up to the API's max) or 1…MAX_PAGE_SIZE. */
export const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 1_000_000;
export const MAX_START = 1_000_000_000;

export interface InputProblem {
  /** `path`, `query` or `body`. */
  source: 'path' | 'query' | 'body';
  /** Where in the source, e.g. ['data', 'subject'] or ['pagination', 'page']. */
  path: string[];
  /** The rule: nul, encoding, length, key, depth, integer, parameter; filter: a comparison operator given a list of lists; type: a text body where a JSON object is expected; role: a users-permissions role body (security/role-body.ts). */
  rule: 'nul' | 'encoding' | 'length' | 'key' | 'depth' | 'integer' | 'parameter' | 'filter' | 'type' | 'role';
  message: string;
}

const NUL = '\u0000';

const show = (path: string[]) => (path.length ? path.join('.') : '(the body itself)');
const where = (source: InputProblem['source'], path: string[]) => (source === 'body' ? `body field "${show(path)}"` : source === 'query' ? `query parameter "${showQuery(path)}"` : 'path');
const showQuery = (path: string[]) => (path.length ? path[0] + path.slice(1).map((p) => `[${p}]`).join('') : '(query)');

/** The path of the request (as sent, still percent-encoded): every segment must decode, without NUL. */
export function checkPath(rawPath: string): InputProblem | null {
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { source: 'path', path: [], rule: 'encoding', message: `The URL path has malformed percent-encoding ("${segment.slice(0, 40)}"); encode the value with encodeURIComponent.` };
    }
    if (decoded.includes(NUL)) return { source: 'path', path: [], rule: 'nul', message: 'The URL path contains a NUL character (%00); no identifier contains one.' };
  }
  return null;
}

/**
 * Walks a parsed query or body (iteratively: a hostile depth cannot overflow the stack) and
 * returns the first problem: a NUL character in a key or string, an over-long string or key, or
 * nesting deeper than `limits.maxDepth`.
 */
export function checkValue(value: unknown, source: 'query' | 'body', limits: InputLimits = DEFAULT_INPUT_LIMITS): InputProblem | null {
  const stack: Array<{ value: unknown; path: string[]; depth: number }> = [{ value, path: [], depth: 0 }];
  while (stack.length) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return { source, path, rule: 'nul', message: `The ${where(source, path)} contains a NUL character (\\u0000); remove it.` };
      if (v.length > limits.maxStringLength) {
        return { source, path, rule: 'length', message: `The ${where(source, path)} is ${v.length} characters long; the most any field accepts is ${limits.maxStringLength}.` };
      }
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > limits.maxDepth) {
      return { source, path, rule: 'depth', message: `The ${source === 'body' ? 'body' : 'query'} is nested more than ${limits.maxDepth} levels deep (at "${source === 'body' ? show(path) : showQuery(path)}"); no endpoint takes such nesting.` };
    }
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (key.includes(NUL)) return { source, path, rule: 'nul', message: `A ${source === 'body' ? 'body field' : 'query parameter'} name contains a NUL character (\\u0000); remove it.` };
      if (key.length > MAX_KEY_LENGTH) {
        return { source, path, rule: 'key', message: `A ${source === 'body' ? 'body field' : 'query parameter'} name is ${key.length} characters long (at most ${MAX_KEY_LENGTH}); no field has such a name.` };
      }
      stack.push({ value: child, path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

interface IntegerRule {
  path: string[];
  min: number;
  max: number;
  /** A value besides min…max that is accepted (pagination[limit]=-1). */
  also?: number;
}

const PAGING_RULES: IntegerRule[] = [
  { path: ['page'], min: 1, max: MAX_PAGE },
  { path: ['pageSize'], min: 1, max: MAX_PAGE_SIZE },
  { path: ['pagination', 'page'], min: 1, max: MAX_PAGE },
  { path: ['pagination', 'pageSize'], min: 1, max: MAX_PAGE_SIZE },
  { path: ['pagination', 'start'], min: 0, max: MAX_START },
  { path: ['pagination', 'limit'], min: 1, max: MAX_PAGE_SIZE, also: -1 },
];

/** A plain decimal integer: optional minus, digits, no leading zeros beyond "0", no exponent, sign or space. */
const DECIMAL_INTEGER = /^-?(0|[1-9]\d{0,15})$/;

/** Parses `s` if it is a plain decimal integer, else null. */
export function parseDecimalInteger(s: string): number | null {
  return DECIMAL_INTEGER.test(s) ? Number(s) : null;
}

/** `page`, `pageSize` and `pagination[…]` in a parsed query: plain decimal integers in range, given once. */
export function checkPaging(query: Record<string, unknown>): InputProblem | null {
  for (const rule of PAGING_RULES) {
    let v: unknown = query;
    for (const key of rule.path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
    if (v === undefined || v === '') continue;
    const name = showQuery(rule.path);
    const range = `${rule.min}…${rule.max}${rule.also !== undefined ? ` (or ${rule.also})` : ''}`;
    const fail = (message: string): InputProblem => ({ source: 'query', path: rule.path, rule: 'integer', message });
    if (typeof v !== 'string') return fail(`"${name}" must be given once, as a whole number ${range}.`);
    const n = parseDecimalInteger(v);
    if (n === null) return fail(`"${name}" must be a whole number ${range} written in decimal digits, not "${v.slice(0, 40)}".`);
    if (n === rule.also) continue;
    if (n < rule.min) return fail(rule.also === undefined ? `"${name}" must be ${rule.min} or more, not ${v}.` : `"${name}" must be ${rule.also} or ${rule.min} or more, not ${v}.`);
    if (n > rule.max) return fail(`"${name}" must be at most ${rule.max}, not ${v}.`);
  }
  return null;
}

/**
 * Query parameters the REST API (`/api/…`) does not have but some core handlers pass on to the
 * query engine as they are (the upload plugin's `GET /api/upload/files?groupBy=<any column>` became
 * SQL, and a column that does not exist a 500).
 */
const REST_UNKNOWN_PARAMETERS = ['groupBy'];

export function checkRestParameters(rawPath: string, query: Record<string, unknown>, method = 'GET'): InputProblem | null {
  if (!/^\/api(\/|$)/.test(rawPath)) return null;
  const name = REST_UNKNOWN_PARAMETERS.find((p) => Object.prototype.hasOwnProperty.call(query, p));
  if (name) return { source: 'query', path: [name], rule: 'parameter', message: `The REST API has no "${name}" parameter; remove it (use filters, sort, fields and pagination).` };
  // Strapi's document service throws a plain Error (500) on a delete asked for the draft only: a
  // delete removes the document with every version, and a draft alone cannot be deleted.
  if (method === 'DELETE' && query.status === 'draft') {
    return { source: 'query', path: ['status'], rule: 'parameter', message: 'A DELETE removes the whole document (draft and published versions); it cannot delete only the draft. Send it without "status=draft".' };
  }
  return null;
}

/** The query engine's comparison operators: each takes a value or a list of values, never a list of lists. */
const COMPARISON_OPERATORS = new Set([
  '$eq', '$eqi', '$ne', '$nei', '$lt', '$lte', '$gt', '$gte', '$in', '$notIn', '$contains', '$notContains', '$containsi',
  '$notContainsi', '$startsWith', '$startsWithi', '$endsWith', '$endsWithi', '$between', '$null', '$notNull',
]);

/**
 * A filter operator given a list whose elements are themselves lists or objects
 * (`filters[id][$in][0]=1&filters[id][$in][0]=2` parses to `[["1","2"]]`): the query engine makes
 * that a row value, and PostgreSQL answers "operator does not exist: integer = record" (a 500).
 */
export function checkFilterValues(query: Record<string, unknown>): InputProblem | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: query, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const at = [...path, key];
      if (COMPARISON_OPERATORS.has(key) && child !== null && typeof child === 'object') {
        const nested = Object.entries(child as Record<string, unknown>).find(([, v]) => v !== null && typeof v === 'object');
        if (nested) {
          return { source: 'query', path: [...at, nested[0]], rule: 'filter', message: `"${showQuery(at)}" takes a value or a list of values, not a list of lists (at "${showQuery([...at, nested[0]])}"); give each value once, e.g. ${showQuery(at)}[0]=1&${showQuery(at)}[1]=2.` };
        }
        continue;
      }
      stack.push({ value: child, path: at });
    }
  }
  return null;
}

/** Everything before the body: the path, the query's values, the paging numbers, REST parameters and filter values. */
export function checkRequestLine(rawPath: string, query: Record<string, unknown>, limits: InputLimits = DEFAULT_INPUT_LIMITS, method = 'GET'): InputProblem | null {
  return checkPath(rawPath) ?? checkValue(query, 'query', limits) ?? checkPaging(query) ?? checkRestParameters(rawPath, query, method) ?? checkFilterValues(query);
}

const WRONG_TYPE = 'A value in the request has the wrong type for its field (for example text where a number is expected).';

const STRAPI_FORMAT_ERRORS = ['InvalidDateFormat', 'InvalidDatetimeFormat', 'InvalidTimeFormat', 'InvalidRelationFormat'];

/**
 * PostgreSQL data exceptions (SQLSTATE class 22) that only a client's value can cause: the last
 * line of defence when a value got past validation. Returns what to tell the client, or null when
 * the error is not one of them (SQLite stores such values or compares them as unequal), and the
 * format errors of @strapi/database (a date filter that is not a date, a number filter that is not a
 * number) and SQLite's datatype mismatch (text into an integer primary key).
 */
export function describeDataException(error: unknown): string | null {
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  // @strapi/database's own format errors (their messages name the expected format, no SQL).
  if (typeof name === 'string' && STRAPI_FORMAT_ERRORS.includes(name)) return typeof message === 'string' && message ? message : 'A value in the request has the wrong format.';
  // @strapi/database's number field throws a plain Error for a filter or value that is not a number.
  const NOT_A_NUMBER = 'Expected a valid Number, got ';
  if (typeof message === 'string' && message.startsWith(NOT_A_NUMBER)) return `A number was expected for a field, not "${message.slice(NOT_A_NUMBER.length, NOT_A_NUMBER.length + 40)}".`;
  // SQLite stores most values as given; a text into an integer primary key is the exception.
  if (code === 'SQLITE_MISMATCH') return WRONG_TYPE;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  switch (code) {
    case '22P02':
      return WRONG_TYPE;
    case '22001':
      return 'A value in the request is too long for its field.';
    case '22003':
      return 'A number in the request is out of range for its field.';
    case '22007':
    case '22008':
      return 'A date or time in the request is invalid or out of range.';
    case '22021':
    case '22P05':
      return 'A value in the request contains a character that cannot be stored (for example NUL).';
    default:
      return 'A value in the request is not valid for its field.';
  }
}
