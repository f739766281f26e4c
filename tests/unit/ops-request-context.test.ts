import { requestContext, requestIdOf, routeLabel } from '../../src/plugins/support-desk/server/src/ops/request-context';

describe('request ids', () => {
  test('a sane X-Request-Id is kept', () => {
    expect(requestIdOf('trace-abc.123:x_y')).toBe('trace-abc.123:x_y');
    expect(requestIdOf(['first', 'second'])).toBe('first');
  });
  test.each([[''], [undefined], ['a b'], ['x'.repeat(129)], ['{"json":1}'], ['line\nbreak'], [42]])('%p is replaced by a UUID', (header) => {
    expect(requestIdOf(header)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('route labels', () => {
  test('the matched pattern, never the raw URL; unmatched requests share one label', () => {
    expect(routeLabel('/api/support-desk/customer/tickets/:documentId')).toBe('/api/support-desk/customer/tickets/:documentId');
    expect(routeLabel(undefined)).toBe('unmatched');
    expect(routeLabel('')).toBe('unmatched');
  });
});

describe('JSON logs carry the request id (config/logger.ts, LOG_FORMAT=json)', () => {
  test('a line written while a request is served has its requestId; one outside has none', () => {
    const previous = process.env.LOG_FORMAT;
    process.env.LOG_FORMAT = 'json';
    let config: { format: { transform: (info: Record<string | symbol, unknown>) => Record<string | symbol, unknown> } };
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      config = require('../../config/logger').default;
    });
    process.env.LOG_FORMAT = previous;
    const line = (info: Record<string, unknown>) => JSON.parse(String(config.format.transform({ ...info })[Symbol.for('message')]));
    const inside = requestContext().run({ requestId: 'req-42' }, () => line({ level: 'http', message: 'GET /x 200' }));
    expect(inside).toMatchObject({ level: 'http', message: 'GET /x 200', requestId: 'req-42' });
    expect(typeof inside.timestamp).toBe('string');
    expect(line({ level: 'info', message: 'boot' }).requestId).toBeUndefined();
  });
});
