import {
  chooseLocale,
  escapeHtml,
  formatInstant,
  formatWindow,
  InvalidPayloadError,
  normalizeLocale,
  renderNotification,
  resolveLocale,
  TEMPLATE_NAMES,
  UnknownTemplateError,
  validateMessage,
} from '../../src/plugins/support-desk/server/src/notify';

/** A payload that satisfies every template. */
const FULL = {
  number: 'TS-000123',
  subject: 'Printer offline',
  priority: 'P2',
  first_response_due_at: '2026-11-30T01:30:00Z',
  from: 'in_progress',
  to: 'awaiting_customer',
  message: 'Please send the log file.',
  solution: 'Update the driver to 2.4.1',
  reason: 'the mail is larger than 10 MB',
  author: 'Li Wei',
  body: 'Restart the spooler.',
  department: 'rd',
  reason: 'Firmware bug suspected',
  level: 1,
  raised_by: 'Zhang San',
  answer: 'Fixed in 2.4.1',
  answered_by: 'R&D lead',
  window_start: '2026-12-01T01:00:00Z',
  window_end: '2026-12-01T04:00:00Z',
  engineer: 'Wang Wu',
  address: 'Room 301',
  clock: 'resolution',
  due_at: '2026-11-30T06:00:00Z',
  escalation_level: 2,
  token: 'tok_abc 123',
  title: 'Reset the print spooler',
  review_due_at: '2026-12-15T00:00:00Z',
  document_id: 'doc123',
  month: '2026-11',
  starts_at: '2026-12-08T01:00:00Z',
  ends_at: '2026-12-08T05:00:00Z',
  location: 'Shanghai training centre',
  version: 'V200R019C10',
  title_en: 'Firmware fixes port flapping',
  title_zh: '固件修复端口抖动',
  notes_en: 'Upgrade in a maintenance window.',
  notes_zh: '请在维护窗口内升级。',
  severity: 'critical',
  product_lines: 'S5700',
  models: 'S5700-28',
  assets: 'SN-1, SN-2',
  sku: 'PSU-650W-AC',
  name: '650 W AC power supply',
  level: 'shortage',
  available: 3,
  on_hand: 5,
  reserved: 2,
  reorder_point: 6,
  max_stock: 40,
  suggested_purchase: 37,
};

const EXPECTED = [
  'ticket_created',
  'ticket_status_changed',
  'public_comment',
  'escalation_raised',
  'escalation_answered',
  'visit_scheduled',
  'sla_warning',
  'sla_breach',
  'survey_invitation',
  'kb_review_due',
  'solution_proposed',
  'ticket_resolved',
  'ticket_closed',
  'mail_refused',
  'monthly_report',
  'training_promoted',
  'training_reminder',
  'stock_alert',
  'training_cancelled',
  'update_notice',
];

describe('locale choice', () => {
  it('normalizes what callers have', () => {
    expect(['zh-Hans', 'zh', 'zh-CN', 'zh_Hans_CN', 'ZH-hans'].map(normalizeLocale)).toEqual(Array(5).fill('zh-Hans'));
    expect(['en', 'en-US', 'EN_gb'].map(normalizeLocale)).toEqual(['en', 'en', 'en']);
    expect(['zh-Hant', 'zh-TW', 'fr', '', null, 42].map(normalizeLocale)).toEqual([null, null, null, null, null, null]);
  });

  it('recipient locale, else zh-Hans, else en', () => {
    expect(chooseLocale('en')).toBe('en');
    expect(chooseLocale('fr')).toBe('zh-Hans');
    expect(chooseLocale(undefined)).toBe('zh-Hans');
    expect(chooseLocale('en', ['zh-Hans'])).toBe('zh-Hans');
    expect(chooseLocale('fr', ['en'])).toBe('en');
    expect(chooseLocale('zh-CN', ['en'])).toBe('en');
    expect(() => chooseLocale('en', [])).toThrow();
    expect(resolveLocale('ticket_created', 'en-US')).toBe('en');
  });
});

describe('templates', () => {
  it('has every template of the design in both locales', () => {
    expect([...TEMPLATE_NAMES].sort()).toEqual([...EXPECTED].sort());
    for (const template of TEMPLATE_NAMES) {
      for (const locale of ['en', 'zh-Hans'] as const) {
        const m = renderNotification({ template, payload: FULL, locale, recipientName: 'Chen Jing', publicUrl: 'https://desk.example.test' });
        expect(m.locale).toBe(locale);
        expect(m.subject.length).toBeGreaterThan(5);
        expect(m.subject).not.toMatch(/[\r\n]/);
        expect(m.text).toContain('Chen Jing');
        expect(m.html).toMatch(/^<!doctype html>/);
        expect(m.text).not.toMatch(/undefined|null|\[object/);
        if (locale === 'zh-Hans') expect(m.subject + m.text).toMatch(/[\u4e00-\u9fff]/);
        else expect(m.subject).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('the resolved mail carries the survey link as its action when a survey token is given; threaded mails invite replies', () => {
    const base = { number: 'TS-000007', subject: 'Printer', solution: 'Restarted', mail_thread: { inReplyTo: '<t@x>', references: '<t@x>' } };
    const withSurvey = renderNotification({ template: 'ticket_resolved', payload: { ...base, survey_token: 'tok_abc' }, locale: 'en', publicUrl: 'https://desk.example.test' });
    expect(withSurvey.text).toContain('Rate our service: https://desk.example.test/survey?token=tok_abc');
    expect(withSurvey.html).toContain('href="https://desk.example.test/survey?token=tok_abc"');
    expect(withSurvey.text).toContain('Reply to this mail to add to your request');
    expect(withSurvey.text).not.toContain('do not reply');
    const without = renderNotification({ template: 'ticket_resolved', payload: base, locale: 'zh-Hans', publicUrl: 'https://desk.example.test' });
    expect(without.text).not.toContain('survey');
    expect(without.text).toContain('直接回复本邮件即可补充到您的工单');
    // An unthreaded mail (staff, no ticket thread) keeps the do-not-reply footer.
    expect(renderNotification({ template: 'stock_alert', payload: FULL, locale: 'en' }).text).toContain('please do not reply');
  });

  it('one table of facts gives each locale its labels (stock alert, trainings, update notices)', () => {
    const facts = (template: string, locale: 'en' | 'zh-Hans') =>
      renderNotification({ template, payload: FULL, locale, timeZone: 'Asia/Shanghai' }).text.split('\n').filter((l) => /^[^ ].{0,30}(: |：)/.test(l));
    expect(facts('stock_alert', 'en')).toEqual(expect.arrayContaining(['Available: 3', 'On hand: 5', 'Reserved: 2', 'Reorder point: 6', 'Maximum stock: 40', 'Suggested purchase: 37']));
    expect(facts('stock_alert', 'zh-Hans')).toEqual(expect.arrayContaining(['可用：3', '在库：5', '已预留：2', '再订货点：6', '最高库存：40', '建议采购：37']));
    for (const template of ['training_reminder', 'training_promoted', 'training_cancelled']) {
      expect(facts(template, 'en')).toEqual(expect.arrayContaining(['Training: Reset the print spooler', 'Where: Shanghai training centre']));
      expect(facts(template, 'zh-Hans')).toEqual(expect.arrayContaining(['培训：Reset the print spooler', '地点：Shanghai training centre']));
    }
    const zh = renderNotification({ template: 'update_notice', payload: FULL, locale: 'zh-Hans' });
    expect(zh.subject).toBe('技术更新通知：固件修复端口抖动（V200R019C10）');
    expect(zh.text).toContain('请在维护窗口内升级。');
    expect(zh.text).toContain('贵方相关设备：SN-1, SN-2');
    const en = renderNotification({ template: 'update_notice', payload: { ...FULL, notes_en: '' }, locale: 'en' });
    expect(en.subject).toBe('Technical update: Firmware fixes port flapping (V200R019C10)');
    // English notes empty: the Chinese ones rather than none.
    expect(en.text).toContain('请在维护窗口内升级。');
    expect(en.text).toContain('Importance: Critical: please update soon');
  });

  it('an unknown template is an error', () => {
    expect(() => renderNotification({ template: 'nope', payload: {} })).toThrow(UnknownTemplateError);
    expect(() => validateMessage('nope', {})).toThrow(UnknownTemplateError);
    expect(() => renderNotification({ template: 'toString', payload: {} })).toThrow(UnknownTemplateError);
  });

  it('names the missing required payload fields', () => {
    expect(() => validateMessage('survey_invitation', { number: 'TS-1' })).toThrow(InvalidPayloadError);
    expect(() => validateMessage('escalation_answered', { number: 'TS-1', answer: '  ' })).toThrow(
      expect.objectContaining({ missing: ['department', 'answer'], message: expect.stringContaining('department, answer') }),
    );
    expect(() => validateMessage('ticket_created', { number: 'TS-1' })).not.toThrow();
  });

  it('renders ticket_created for the customer in both languages', () => {
    const zh = renderNotification({ template: 'ticket_created', payload: FULL, locale: 'zh-Hans', recipientName: '陈静' });
    expect(zh.subject).toBe('[TS-000123] 您的工单已受理：Printer offline');
    expect(zh.text).toContain('陈静，您好：');
    expect(zh.text).toContain('首次响应截止：2026年11月30日 09:30 (Asia/Shanghai)');
    const en = renderNotification({ template: 'ticket_created', payload: FULL, locale: 'en', recipientName: 'Jing Chen', timeZone: 'Europe/Berlin' });
    expect(en.subject).toBe('[TS-000123] We have received your request: Printer offline');
    expect(en.text).toContain('Dear Jing Chen,');
    expect(en.text).toContain('First response due: Mon 30 Nov 2026, 02:30 (Europe/Berlin)');
  });

  it('shows the visit window in the recipient time zone', () => {
    const zh = renderNotification({ template: 'visit_scheduled', payload: FULL, locale: 'zh-Hans' });
    expect(zh.subject).toBe('[TS-000123] 上门服务已安排：2026年12月1日 09:00–12:00 (Asia/Shanghai)');
    const ny = renderNotification({ template: 'visit_scheduled', payload: FULL, locale: 'en', timeZone: 'America/New_York' });
    expect(ny.subject).toBe('[TS-000123] On-site visit scheduled: Mon 30 Nov 2026, 20:00–23:00 (America/New_York)');
    // recipient zone wins over the payload's, the payload's over the default
    expect(renderNotification({ template: 'visit_scheduled', payload: { ...FULL, time_zone: 'Europe/London' }, locale: 'en' }).subject).toContain('01:00–04:00 (Europe/London)');
    expect(renderNotification({ template: 'visit_scheduled', payload: { ...FULL, time_zone: 'Europe/London' }, locale: 'en', timeZone: 'Asia/Tokyo' }).subject).toContain('10:00–13:00 (Asia/Tokyo)');
    // an invalid zone falls back
    expect(renderNotification({ template: 'visit_scheduled', payload: FULL, locale: 'en', timeZone: 'Mars/Olympus' }).subject).toContain('(Asia/Shanghai)');
  });

  it('a window over midnight shows both dates', () => {
    expect(formatWindow('2026-12-01T14:00:00Z', '2026-12-01T17:00:00Z', 'Asia/Shanghai', 'en')).toBe('Tue 1 Dec 2026, 22:00–Wed 2 Dec 2026, 01:00 (Asia/Shanghai)');
    expect(formatInstant('not a date', 'Asia/Shanghai', 'en')).toBe('not a date');
  });

  it('SLA templates for agents link to the admin when PUBLIC_URL is known', () => {
    const m = renderNotification({ template: 'sla_breach', payload: FULL, locale: 'en', publicUrl: 'https://desk.example.test/' });
    expect(m.subject).toBe('[TS-000123] SLA breach: resolution overdue (P2)');
    expect(m.text).toContain('https://desk.example.test/admin/content-manager/collection-types/api::ticket.ticket/doc123');
    const zh = renderNotification({ template: 'sla_warning', payload: { ...FULL, clock: 'first_response' }, locale: 'zh-Hans' });
    expect(zh.subject).toBe('[TS-000123] SLA 预警：首次响应即将到期（P2）');
    expect(zh.text).not.toContain('http');
  });

  it('builds the survey link with the token, URL-encoded', () => {
    const m = renderNotification({ template: 'survey_invitation', payload: FULL, locale: 'en', publicUrl: 'https://desk.example.test', surveyUrl: '{publicUrl}/survey?token={token}' });
    expect(m.text).toContain('https://desk.example.test/survey?token=tok_abc%20123');
    expect(m.html).toContain('href="https://desk.example.test/survey?token=tok_abc%20123"');
    const direct = renderNotification({ template: 'survey_invitation', payload: { ...FULL, url: 'https://s.example.test/x?t=1&u=2' }, locale: 'zh-Hans' });
    expect(direct.html).toContain('href="https://s.example.test/x?t=1&amp;u=2"');
  });

  it('escapes payload values in HTML and keeps subjects on one line', () => {
    const evil = { ...FULL, subject: 'x</title><script>alert(1)</script>\r\nBcc: victim@example.test', author: '<b>Eve</b>', body: 'a & b\n<img src=x onerror=alert(1)>' };
    const m = renderNotification({ template: 'public_comment', payload: evil, locale: 'en', recipientName: '"Mallory" <m@x>' });
    expect(m.subject).toBe('[TS-000123] New reply on your request: x</title><script>alert(1)</script> Bcc: victim@example.test');
    expect(m.html).not.toMatch(/<script>|<img|<b>Eve/);
    expect(m.html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(m.html).toContain('a &amp; b<br>&lt;img src=x onerror=alert(1)&gt;');
    expect(m.html).toContain('&quot;Mallory&quot; &lt;m@x&gt;');
    expect(m.text).toContain('> a & b\n> <img src=x onerror=alert(1)>');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('only http(s) URLs become links', () => {
    const m = renderNotification({ template: 'ticket_created', payload: { ...FULL, url: 'javascript:alert(1)' }, locale: 'en' });
    expect(m.html).not.toContain('javascript:');
    expect(m.text).not.toContain('javascript:');
  });

  it('labels statuses and departments per locale', () => {
    expect(renderNotification({ template: 'ticket_status_changed', payload: FULL, locale: 'zh-Hans' }).subject).toBe('[TS-000123] 工单状态更新：等待您的回复');
    expect(renderNotification({ template: 'ticket_status_changed', payload: FULL, locale: 'en' }).subject).toBe('[TS-000123] Status changed to Awaiting your reply');
    expect(renderNotification({ template: 'escalation_raised', payload: FULL, locale: 'zh-Hans' }).subject).toBe('[TS-000123] 工单升级至研发部：Printer offline');
    expect(renderNotification({ template: 'escalation_raised', payload: FULL, locale: 'en' }).subject).toBe('[TS-000123] Escalated to R&D: Printer offline');
  });

  it('falls back to zh-Hans for an unknown locale', () => {
    expect(renderNotification({ template: 'kb_review_due', payload: FULL, locale: 'fr' }).subject).toBe('知识库文章待复审：Reset the print spooler');
  });
});
