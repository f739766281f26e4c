import { errorCode, isDatabaseUnavailable } from '../../src/plugins/support-desk/server/src/ops/db-availability';
import { rejectionRecord } from '../../src/plugins/support-desk/server/src/ops/rejections';

const err = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

describe('isDatabaseUnavailable: the database cannot be reached (503), not "refused this statement"', () => {
  test.each([
    ['pg_terminate_backend (57P01)', err('terminating connection due to administrator command', { code: '57P01' })],
    ['crash shutdown (57P02)', err('x', { code: '57P02' })],
    ['starting up (57P03)', err('the database system is starting up', { code: '57P03' })],
    ['connection exception class 08', err('x', { code: '08006' })],
    ['too many connections (53300)', err('sorry, too many clients already', { code: '53300' })],
    ['refused socket', err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })],
    ['reset socket', err('read ECONNRESET', { code: 'ECONNRESET' })],
    ['knex acquire timeout', err('Knex: Timeout acquiring a connection. The pool is probably full.', { name: 'KnexTimeoutError' })],
    ['node-postgres, socket closed mid-query', err('Connection terminated unexpectedly')],
    ['node-postgres, dead client reused', err('Client has encountered a connection error and is not queryable')],
    ['ALLOW_CONNECTIONS false', err('database "x" is not currently accepting connections', { code: '55000' })],
    ['wrapped in a cause', err('insert failed', { cause: err('x', { code: '57P01' }) })],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ['unique violation', err('duplicate key value violates unique constraint', { code: '23505' })],
    ['bad input', err('invalid input syntax for type integer', { code: '22P02' })],
    ['lock timeout', err('canceling statement due to lock timeout', { code: '55P03' })],
    ['a domain error', err('Ticket is closed')],
    ['not an error', 'boom'],
    ['nothing', undefined],
  ])('not: %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  test('a cause chain that loops back on itself ends', () => {
    const a: any = err('a');
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });

  test('errorCode finds the first code along the chain', () => {
    expect(errorCode(err('outer', { cause: err('inner', { code: '57P01' }) }))).toBe('57P01');
    expect(errorCode(err('none'))).toBeUndefined();
  });
});

describe('rejectionRecord: what the process-level handler logs', () => {
  test('an error: message, name, code, whether the database was unreachable, stack', () => {
    const r = rejectionRecord(err('Connection terminated unexpectedly'));
    expect(r).toMatchObject({ event: 'unhandled_rejection', message: 'Connection terminated unexpectedly', name: 'Error', databaseUnavailable: true });
    expect(r.stack).toContain('Connection terminated unexpectedly');
  });
  test('a non-error reason', () => {
    expect(rejectionRecord(42)).toMatchObject({ event: 'unhandled_rejection', message: '42', databaseUnavailable: false });
  });
});
