/**
 * Issue 15, item 4: after-sales timeline events carry structured data, and their text is rendered
 * for the reader (language, time zone) — here the customer API's renderer (timeline/texts.ts); rows
 * written before the data keep their stored text.
 */
import { eventText, RENDERED_KINDS } from '../../src/plugins/support-desk/server/src/timeline/texts';

const SH = 'Asia/Shanghai';
const visit = { visit: 'v1', engineer: 7, engineer_name: 'Wang Jun', scheduled_start: '2026-12-07T01:00:00.000Z', scheduled_end: '2026-12-07T03:00:00.000Z' };
const text = (kind: string, data: Record<string, unknown>, locale: 'en' | 'zh-Hans' = 'en', zone = SH) => eventText({ kind, body: null, data }, locale, zone);

describe('after-sales event texts', () => {
  it('visits: window and instants in the reader’s zone and language', () => {
    expect(text('visit_scheduled', { ...visit, address: 'Room 301' })).toBe('On-site visit scheduled for Mon 7 Dec 2026, 09:00–11:00 (Asia/Shanghai): engineer Wang Jun, at Room 301.');
    expect(text('visit_scheduled', visit, 'zh-Hans')).toBe('已安排上门服务：2026年12月7日 09:00–11:00 (Asia/Shanghai)，工程师 Wang Jun。');
    expect(text('visit_scheduled', visit, 'en', 'Europe/Berlin')).toContain('Mon 7 Dec 2026, 02:00–04:00 (Europe/Berlin)');
    expect(text('visit_arrived', { ...visit, arrived_at: '2026-12-07T01:05:00.000Z' })).toBe('Wang Jun arrived on site at Mon 7 Dec 2026, 09:05 (Asia/Shanghai).');
    expect(text('visit_arrived', { ...visit, engineer_name: null, arrived_at: '2026-12-07T01:05:00.000Z' })).toMatch(/^The engineer arrived/);
    expect(text('visit_completed', { ...visit, report: 'Replaced PSU 2.' })).toBe('The on-site visit of Mon 7 Dec 2026, 09:00–11:00 (Asia/Shanghai) is completed.\nReplaced PSU 2.');
    expect(text('visit_cancelled', { ...visit, reason: 'Site closed' }, 'zh-Hans')).toBe('2026年12月7日 09:00–11:00 (Asia/Shanghai) 的上门服务已取消。\nSite closed');
  });

  it('parts: reserve, release (by hand or because of a cancellation), consume with cost and who pays', () => {
    const part = { part: 'p1', sku: 'PSU-650', part_name: 'Power supply 650 W', quantity: 2 };
    expect(text('part', { ...part, action: 'reserve', visit_start: visit.scheduled_start })).toBe('Reserved 2 × PSU-650 (Power supply 650 W) for the on-site visit of Mon 7 Dec 2026, 09:00 (Asia/Shanghai).');
    expect(text('part', { ...part, action: 'reserve' }, 'zh-Hans')).toBe('已预留 2 × PSU-650 (Power supply 650 W)。');
    expect(text('part', { ...part, action: 'release', reason: 'Not needed' })).toBe('Released 2 × PSU-650 (Power supply 650 W).\nNot needed');
    expect(text('part', { ...part, action: 'release', cause: 'ticket_cancelled' })).toBe('Released 2 × PSU-650 (Power supply 650 W): the ticket is cancelled.');
    expect(text('part', { ...part, action: 'release', cause: 'visit_cancelled' }, 'zh-Hans')).toBe('已释放 2 × PSU-650 (Power supply 650 W)：上门服务已取消。');
    expect(text('part', { ...part, action: 'consume', cost: 1720, billing: 'warranty', billing_basis: 'in_warranty', asset: 'SN-1', warranty_until: '2027-06-30' })).toBe(
      'Used 2 × PSU-650 (Power supply 650 W) (cost 1720.00). Asset SN-1 is under warranty until 2027-06-30: parts are not billed.',
    );
    expect(text('part', { ...part, action: 'consume', cost: null, billing: 'billable', billing_basis: 'no_asset' }, 'zh-Hans')).toBe('已使用 2 × PSU-650 (Power supply 650 W)。 工单未关联设备：备件需计费。');
  });

  it('returns, surveys and equipment', () => {
    const rma = { rma: 'r1', number: 'RMA-000001', asset: 'SN-1', under_warranty: false };
    expect(text('rma', { ...rma, action: 'open', reason: 'Fan noise' })).toBe('Return RMA-000001 opened for asset SN-1 (out of warranty).\nFan noise');
    expect(text('rma', { ...rma, action: 'approve', outcome: 'exchange', under_warranty: true, warranty_until: '2027-01-31' }, 'zh-Hans')).toBe('退货 RMA-000001 已批准：换货（保修期至 2027-01-31）。');
    expect(text('rma', { ...rma, action: 'complete', outcome: 'exchange', replacement_sku: 'SW-24' })).toBe('Return RMA-000001 completed: replacement SW-24 issued (billed).');
    expect(text('rma', { ...rma, action: 'cancel', reason: 'Fixed itself' })).toBe('Return RMA-000001 cancelled.\nFixed itself');
    expect(text('survey', { rating: 4, comment: '响应很快' }, 'zh-Hans')).toBe('满意度 4/5。\n响应很快');
    expect(text('survey', { rating: 5, comment: null })).toBe('Satisfaction 5/5.');
    expect(text('equipment', { action: 'checkout', tag: 'EQ-1', name: 'Tester', visit_start: visit.scheduled_start })).toBe('EQ-1 (Tester) checked out for the on-site visit of Mon 7 Dec 2026, 09:00 (Asia/Shanghai).');
    expect(text('equipment', { action: 'return', tag: 'EQ-1', name: 'Tester', note: 'Cable frayed' }, 'zh-Hans')).toBe('EQ-1 (Tester) 已归还。\nCable frayed');
  });

  it('rows written before the data keep their stored text; unusable data says nothing', () => {
    for (const kind of RENDERED_KINDS) {
      expect(eventText({ kind, body: 'Old English text.', data: { rating: 4, number: 'RMA-1', action: 'open', sku: 'X', quantity: 1, tag: 'T', scheduled_start: visit.scheduled_start } }, 'zh-Hans', SH)).toBe('Old English text.');
      expect(eventText({ kind, body: null, data: null }, 'en', SH)).toBeNull();
      expect(eventText({ kind, body: null, data: {} }, 'en', SH)).toBeNull();
    }
    expect(eventText({ kind: 'comment', body: 'Hello', data: null }, 'en', SH)).toBe('Hello');
    expect(eventText({ kind: 'part', body: null, data: { action: 'teleport', sku: 'X', quantity: 1 } }, 'en', SH)).toBeNull();
  });
});
