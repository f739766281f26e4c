/** Canned replies' placeholders (server/src/canned/render.ts) and the panel's relative-time unit. */
import { cannedValuesOf, placeholdersOf, renderCanned } from '../../src/plugins/support-desk/server/src/canned/render';
import { relativeParts } from '../../src/plugins/support-desk/admin/src/components/ticket-panel/relative-time';

describe('renderCanned', () => {
  const values = cannedValuesOf(
    { number: 'TS-000042', subject: 'Switch down', state: 'in_progress', priority: 'P2', requester: { name: 'Li Na', email: 'li.na@example.test' }, organization: { name: 'Acme' } },
    { name: 'Chen Hao', email: 'chen.hao@example.test' },
  );

  it('fills known placeholders, with or without spaces inside the braces', () => {
    expect(renderCanned('Dear {{requester.name}}, ticket {{ ticket.number }} ({{organization.name}}). — {{agent.name}}', values)).toEqual({
      text: 'Dear Li Na, ticket TS-000042 (Acme). — Chen Hao',
      unresolved: [],
    });
  });

  it('leaves unknown placeholders and those without a value visible, and lists them once', () => {
    const r = renderCanned('{{ticket.number}} {{customer.vip}} {{customer.vip}} {{requester.email}}', { ...values, 'requester.email': null });
    expect(r.text).toBe('TS-000042 {{customer.vip}} {{customer.vip}} {{requester.email}}');
    expect(r.unresolved).toEqual(['customer.vip', 'requester.email']);
  });

  it('inserts values literally in one pass (a value holding a placeholder is not expanded), without control characters, escaped when asked', () => {
    const hostile = { ...values, 'requester.name': '{{agent.name}}\u0007<b>x</b>' };
    expect(renderCanned('Hi {{requester.name}}', hostile).text).toBe('Hi {{agent.name}}<b>x</b>');
    const html = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(renderCanned('<p>Hi {{requester.name}}</p>', hostile, html).text).toBe('<p>Hi {{agent.name}}&lt;b&gt;x&lt;/b&gt;</p>');
  });

  it('cuts a long value at 500 characters and names the placeholders of a body', () => {
    expect(renderCanned('{{ticket.subject}}', { 'ticket.subject': 'x'.repeat(900) }).text).toHaveLength(500);
    expect(placeholdersOf('{{a.b}} {{ticket.number}} {{a.b}} {{ bad }')).toEqual(['a.b', 'ticket.number']);
  });
});

describe('relativeParts', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it.each([
    [now + 30_000, { value: 30, unit: 'second' }],
    [now - 5 * 60_000, { value: -5, unit: 'minute' }],
    [now + 3 * 3_600_000, { value: 3, unit: 'hour' }],
    [now - 2 * 86_400_000, { value: -2, unit: 'day' }],
  ])('%s', (target, expected) => {
    expect(relativeParts(target, now)).toEqual(expected);
  });
});
