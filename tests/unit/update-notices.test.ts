/**
 * Technical update notices' pure rules (notices/index.ts): target lists checked, assets matched by
 * product line or model (trimmed, case-insensitive), one mail per contact of concerned organizations
 * that did not switch notices off, the reader's language; and a training session's cancellation
 * (trainings/enrollment.ts planSessionCancel).
 */
import fc from 'fast-check';
import { checkTargets, concernsAsset, localizedNotice, planNoticeMails, noticeDedupeKey, MAX_TARGETS } from '../../src/plugins/support-desk/server/src/notices';
import { planSessionCancel } from '../../src/plugins/support-desk/server/src/trainings/enrollment';

describe('checkTargets', () => {
  it('takes lists of names, trimmed and deduplicated case-insensitively', () => {
    expect(checkTargets([' S5700 ', 's5700', 'S6700'], null)).toEqual({ ok: true, product_lines: ['S5700', 'S6700'], models: [] });
    expect(checkTargets(undefined, ['AR-1'])).toEqual({ ok: true, product_lines: [], models: ['AR-1'] });
  });
  it('refuses no target at all, non-lists, non-names, too long or too many, naming the field', () => {
    expect(checkTargets([], [])).toMatchObject({ ok: false, field: 'product_lines' });
    expect(checkTargets(null, undefined)).toMatchObject({ ok: false, field: 'product_lines' });
    expect(checkTargets('S5700', [])).toMatchObject({ ok: false, field: 'product_lines' });
    expect(checkTargets(['S5700'], [' '])).toMatchObject({ ok: false, field: 'models' });
    expect(checkTargets(['S5700'], [{ $ne: 1 }])).toMatchObject({ ok: false, field: 'models' });
    expect(checkTargets(['x'.repeat(101)], [])).toMatchObject({ ok: false, field: 'product_lines' });
    expect(checkTargets(Array.from({ length: MAX_TARGETS + 1 }, (_, i) => `L${i}`), [])).toMatchObject({ ok: false, field: 'product_lines' });
  });
});

describe('concernsAsset', () => {
  const targets = { product_lines: ['S5700'], models: ['AR-1220'] };
  it('matches by product line or by model, trimmed and case-insensitively', () => {
    expect(concernsAsset(targets, { product_line: ' s5700 ', model: 'X' })).toBe(true);
    expect(concernsAsset(targets, { product_line: 'Routers', model: 'ar-1220' })).toBe(true);
    expect(concernsAsset(targets, { product_line: 'Routers', model: 'AR-1221' })).toBe(false);
    expect(concernsAsset(targets, { product_line: null, model: null })).toBe(false);
    expect(concernsAsset({ product_lines: [], models: [] }, { product_line: '', model: '' })).toBe(false);
  });
  it('property: an asset is concerned exactly when its line or model is named', () => {
    const name = fc.constantFrom('A', 'B', 'C', 'D');
    fc.assert(
      fc.property(fc.array(name), fc.array(name), name, name, (lines, models, line, model) => {
        expect(concernsAsset({ product_lines: lines, models }, { product_line: line, model })).toBe(lines.includes(line) || models.includes(model));
      }),
    );
  });
});

describe('planNoticeMails', () => {
  const orgs = [
    { id: 1, assets: [{ serial_number: 'SN-2' }, { serial_number: 'SN-1' }] },
    { id: 2, mail_on_update_notice: false, assets: [{ serial_number: 'SN-3' }] },
    { id: 3, mail_on_update_notice: null, assets: [] },
  ];
  const contacts = [
    { id: 11, email: 'a@x.test', name: 'A', locale: 'en', organizationId: 1 },
    { id: 10, email: 'b@x.test', name: 'B', locale: 'zh-Hans', organizationId: 1 },
    { id: 12, email: 'A@X.test', name: 'A again', locale: 'en', organizationId: 1 },
    { id: 13, email: null, name: 'No mail', locale: 'en', organizationId: 1 },
    { id: 14, email: 'blocked@x.test', name: 'Blocked', locale: 'en', organizationId: 1, blocked: true },
    { id: 20, email: 'quiet@x.test', name: 'Quiet', locale: 'en', organizationId: 2 },
    { id: 30, email: 'noassets@x.test', name: 'No assets', locale: 'en', organizationId: 3 },
    { id: 40, email: 'loose@x.test', name: 'Loose', locale: 'en', organizationId: null },
  ];
  it('one mail per contact with an address of concerned organizations that did not switch notices off', () => {
    const planned = planNoticeMails('doc1', orgs, contacts);
    expect(planned.map((p) => [p.contactId, p.to.email, p.dedupeKey, p.serials])).toEqual([
      [10, 'b@x.test', 'update-notice:doc1:10', ['SN-1', 'SN-2']],
      [11, 'a@x.test', 'update-notice:doc1:11', ['SN-1', 'SN-2']],
    ]);
    expect(noticeDedupeKey('doc1', 10)).toBe('update-notice:doc1:10');
  });
});

describe('localizedNotice', () => {
  const n = { title_en: 'Fix', title_zh: '修复', notes_en: '', notes_zh: '说明' };
  it('the reader language, the other one when empty', () => {
    expect(localizedNotice(n, 'zh-CN')).toEqual({ locale: 'zh-Hans', title: '修复', notes: '说明' });
    expect(localizedNotice(n, 'en-US')).toEqual({ locale: 'en', title: 'Fix', notes: '说明' });
    expect(localizedNotice(n, 'zh-TW').locale).toBe('en');
    expect(localizedNotice(n, null).locale).toBe('en');
  });
});

describe('planSessionCancel', () => {
  const enrollments = [
    { id: 3, state: 'waitlisted' },
    { id: 1, state: 'enrolled' },
    { id: 2, state: 'cancelled' },
    { id: 4, state: 'attended' },
  ];
  it('cancels the enrolled and waitlisted (oldest first) of a session that takes enrollments', () => {
    for (const state of ['scheduled', 'open', 'full']) {
      const plan = planSessionCancel(state, enrollments);
      expect(plan.ok && plan.cancel.map((e) => e.id)).toEqual([1, 3]);
    }
  });
  it('refuses a completed or already cancelled session', () => {
    expect(planSessionCancel('completed', enrollments)).toMatchObject({ ok: false, status: 400, code: 'session_not_cancellable' });
    expect(planSessionCancel('cancelled', enrollments)).toMatchObject({ ok: false, code: 'session_not_cancellable', message: expect.stringContaining('already') });
  });
});
