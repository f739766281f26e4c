/**
 * The hostile-input checks (security/input-guard.ts) and the CORS origin list (src/utils/cors-origins.ts):
 * the tables state the rules of the README ("Hostile input"), not what the code happens to return.
 */
import {
  DEFAULT_INPUT_LIMITS,
  MAX_KEY_LENGTH,
  checkFilterValues,
  checkPaging,
  checkPath,
  checkRequestLine,
  checkValue,
  describeDataException,
  parseDecimalInteger,
} from '../../src/plugins/support-desk/server/src/security/input-guard';
import { allowedOrigins } from '../../src/utils/cors-origins';

const nest = (levels: number) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i += 1) v = i % 2 ? [v] : { k: v };
  return v;
};

describe('paths', () => {
  test.each([
    ['/api/tickets/abc', null],
    ['/api/support-desk/kb/articles/%E6%B5%8B%E8%AF%95', null],
    ['/api/tickets/%00', 'nul'],
    ['/api/tickets/a%00b/comments', 'nul'],
    ['/api/tickets/%E0%A4%A', 'encoding'],
    ['/api/tickets/%ZZ', 'encoding'],
  ])('%s → %s', (path, rule) => {
    expect(checkPath(path)?.rule ?? null).toBe(rule);
  });
});

describe('values (query and body)', () => {
  const { maxStringLength, maxDepth } = DEFAULT_INPUT_LIMITS;
  test.each<[string, unknown, string | null, string[] | null]>([
    ['plain object', { data: { subject: 'Printer jam', tags: ['a', 'b'] } }, null, null],
    ['NUL in a nested string', { data: { subject: 'a\u0000b' } }, 'nul', ['data', 'subject']],
    ['NUL in an array item', { list: ['ok', '\u0000'] }, 'nul', ['list', '1']],
    ['NUL in a key', { 'a\u0000': 1 }, 'nul', null],
    ['string at the cap', { s: 'x'.repeat(maxStringLength) }, null, null],
    ['string over the cap', { s: 'x'.repeat(maxStringLength + 1) }, 'length', ['s']],
    ['key at the cap', { ['k'.repeat(MAX_KEY_LENGTH)]: 1 }, null, null],
    ['key over the cap', { ['k'.repeat(MAX_KEY_LENGTH + 1)]: 1 }, 'key', null],
    [`nesting of ${maxDepth} levels`, nest(maxDepth), null, null],
    [`nesting of ${maxDepth + 1} levels`, nest(maxDepth + 1), 'depth', null],
    ['lone surrogates and emoji are text', { s: '\ud800💩\u202e' }, null, null],
    ['numbers, booleans, null', { a: 1e300, b: true, c: null }, null, null],
  ])('%s', (_label, value, rule, path) => {
    const problem = checkValue(value, 'body');
    expect(problem?.rule ?? null).toBe(rule);
    if (path) expect(problem?.path).toEqual(path);
  });

  test('a nesting of 100 000 levels is refused without overflowing the stack', () => {
    expect(checkValue(nest(100_000), 'body')?.rule).toBe('depth');
  });

  test('messages name the field and the limit', () => {
    expect(checkValue({ data: { subject: 'x'.repeat(maxStringLength + 5) } }, 'body')?.message).toBe(
      `The body field "data.subject" is ${maxStringLength + 5} characters long; the most any field accepts is ${maxStringLength}.`,
    );
    expect(checkValue({ filters: { subject: { $eq: 'a\u0000' } } }, 'query')?.message).toContain('query parameter "filters[subject][$eq]"');
  });

  test('limits are configurable', () => {
    expect(checkValue({ s: 'x'.repeat(2000) }, 'body', { maxStringLength: 1000, maxDepth: 20 })?.rule).toBe('length');
    expect(checkValue(nest(6), 'body', { maxStringLength: 1000, maxDepth: 5 })?.rule).toBe('depth');
  });
});

describe('paging numbers: plain decimal integers in range', () => {
  test.each<[Record<string, unknown>, boolean]>([
    [{ page: '1' }, true],
    [{ page: '1000000' }, true],
    [{ pageSize: '1000000' }, true],
    [{ page: '' }, true],
    [{ pagination: { page: '2', pageSize: '25' } }, true],
    [{ pagination: { start: '0', limit: '-1' } }, true],
    [{ page: '1e300' }, false],
    [{ page: '0x10' }, false],
    [{ page: '0' }, false],
    [{ page: '-1' }, false],
    [{ page: '+5' }, false],
    [{ page: ' 5' }, false],
    [{ page: '05' }, false],
    [{ page: '1.0' }, false],
    [{ page: '1000001' }, false],
    [{ pageSize: 'abc' }, false],
    [{ pageSize: '1000001' }, false],
    [{ page: ['1'] }, false],
    [{ page: { $gt: '1' } }, false],
    [{ page: null }, false],
    [{ pagination: { page: '1e3' } }, false],
    [{ pagination: { pageSize: 'NaN' } }, false],
    [{ pagination: { start: '-1' } }, false],
    [{ pagination: { limit: '-2' } }, false],
    [{ pagination: { limit: '99999999999999999999' } }, false],
  ])('%j → accepted: %s', (query, ok) => {
    expect(checkPaging(query) === null).toBe(ok);
  });

  test.each<[Record<string, unknown>, string]>([
    [{ page: '1e300' }, '"page" must be a whole number 1…1000000 written in decimal digits, not "1e300".'],
    [{ page: '0' }, '"page" must be 1 or more, not 0.'],
    [{ pageSize: '1000001' }, '"pageSize" must be at most 1000000, not 1000001.'],
    [{ pagination: { limit: '-2' } }, '"pagination[limit]" must be -1 or 1 or more, not -2.'],
    [{ page: ['1', '2'] }, '"page" must be given once, as a whole number 1…1000000.'],
  ])('the message says what to send: %j', (query, message) => {
    expect(checkPaging(query)?.message).toBe(message);
  });

  test.each([
    ['12', 12],
    ['-3', -3],
    ['0', 0],
    ['1e3', null],
    ['0x10', null],
    ['007', null],
    ['12345678901234567', null],
  ])('parseDecimalInteger(%s) = %s', (s, n) => {
    expect(parseDecimalInteger(s)).toBe(n);
  });
});

test('request line: path, then query values, then paging', () => {
  expect(checkRequestLine('/api/x/%00', { page: '1e300' })?.source).toBe('path');
  expect(checkRequestLine('/api/x', { q: '\u0000', page: '1e300' })?.rule).toBe('nul');
  expect(checkRequestLine('/api/x', { page: '1e300' })?.rule).toBe('integer');
  expect(checkRequestLine('/api/x', { page: '2', q: 'reset' })).toBeNull();
});

test('REST parameters the API does not have: groupBy on /api is refused, naming it; admin routes keep theirs', () => {
  const problem = checkRequestLine('/api/upload/files', { groupBy: 'password' });
  expect(problem).toMatchObject({ source: 'query', path: ['groupBy'], rule: 'parameter' });
  expect(problem?.message).toMatch(/no "groupBy" parameter/);
  expect(checkRequestLine('/api', { groupBy: 'x' })?.rule).toBe('parameter');
  expect(checkRequestLine('/support-desk/reports/sla', { groupBy: 'priority' })).toBeNull();
  expect(checkRequestLine('/apiary', { groupBy: 'x' })).toBeNull();
});

test('a REST DELETE of the draft only is refused, naming status; other methods and statuses pass', () => {
  const problem = checkRequestLine('/api/kb-articles/abc', { status: 'draft' }, undefined, 'DELETE');
  expect(problem).toMatchObject({ source: 'query', path: ['status'], rule: 'parameter' });
  expect(problem?.message).toMatch(/cannot delete only the draft/);
  expect(checkRequestLine('/api/kb-articles/abc', { status: 'draft' }, undefined, 'GET')).toBeNull();
  expect(checkRequestLine('/api/kb-articles/abc', { status: 'published' }, undefined, 'DELETE')).toBeNull();
  expect(checkRequestLine('/api/kb-articles/abc', {}, undefined, 'DELETE')).toBeNull();
});

describe('database refusals of a client value', () => {
  test.each([
    ['22P02', 'wrong type'],
    ['22001', 'too long'],
    ['22003', 'out of range'],
    ['22007', 'date or time'],
    ['22021', 'cannot be stored'],
    ['22P05', 'cannot be stored'],
    ['22012', 'not valid'],
  ])('PostgreSQL %s → "%s"', (code, words) => {
    expect(describeDataException({ code, message: 'select … - invalid' })).toContain(words);
  });

  test.each([['23505'], ['42P01'], ['ECONNRESET'], ['SQLITE_BUSY'], [undefined]])('%s is not a client value: null', (code) => {
    expect(describeDataException({ code })).toBeNull();
  });

  test("Strapi's format errors keep their message (no SQL in it)", () => {
    expect(describeDataException({ name: 'InvalidDateFormat', message: 'Invalid date format, expected YYYY-MM-DD' })).toBe('Invalid date format, expected YYYY-MM-DD');
    expect(describeDataException(new Error('boom'))).toBeNull();
  });

  test("@strapi/database's number field and SQLite's datatype mismatch are a client's value", () => {
    expect(describeDataException(new Error('Expected a valid Number, got x'))).toBe('A number was expected for a field, not "x".');
    expect(describeDataException({ code: 'SQLITE_MISMATCH', message: 'insert into `up_roles` … - datatype mismatch' })).toMatch(/wrong type for its field/);
    expect(describeDataException({ code: 'SQLITE_MISMATCH', message: 'x' })).not.toMatch(/insert|up_roles/);
    expect(describeDataException({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeNull();
  });
});

describe('filter values', () => {
  test('a comparison operator with a list of lists or objects is refused, naming where', () => {
    const p = checkFilterValues({ filters: { id: { $in: [['1e300', '1e300']] } } });
    expect(p).toMatchObject({ source: 'query', rule: 'filter', path: ['filters', 'id', '$in', '0'] });
    expect(p!.message).toContain('"filters[id][$in]" takes a value or a list of values, not a list of lists');
    expect(checkFilterValues({ filters: { $and: [{ state: { $eq: { x: ['1'] } } }] } })).toMatchObject({ path: ['filters', '$and', '0', 'state', '$eq', 'x'] });
    expect(checkFilterValues({ populate: { assignee: { filters: { id: { $notIn: { 0: ['1'] } } } } } })).toMatchObject({ rule: 'filter' });
  });
  test('values, lists of values and logical lists pass', () => {
    expect(checkFilterValues({ filters: { id: { $in: ['1', '2'] }, state: { $eq: 'new' }, $or: [{ id: { $eq: '1' } }, { id: { $null: 'true' } }] } })).toBeNull();
    expect(checkFilterValues({ filters: { created: { $between: ['2026-01-01', '2026-02-01'] } }, sort: ['id:asc'] })).toBeNull();
    expect(checkFilterValues({})).toBeNull();
  });
});

describe('CORS origins', () => {
  test('CORS_ORIGINS plus the public URL origin', () => {
    expect(allowedOrigins({ corsOrigins: 'https://portal.example.com, https://intranet.example.com:8443/', publicUrl: 'https://desk.example.com/base' })).toEqual([
      'https://portal.example.com',
      'https://intranet.example.com:8443',
      'https://desk.example.com',
    ]);
  });
  test('without PUBLIC_URL: localhost on the port', () => {
    expect(allowedOrigins({ port: 1400 })).toEqual(['http://localhost:1400', 'http://127.0.0.1:1400']);
  });
  test.each([['*'], ['portal.example.com'], ['ftp://x.example'], ['https://a.example,*']])('CORS_ORIGINS=%s is refused with a message', (value) => {
    expect(() => allowedOrigins({ corsOrigins: value })).toThrow(/CORS_ORIGINS/);
  });
});
