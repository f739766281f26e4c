/**
 * Issue 15, item 5: business calendars and SLA contracts in the admin — clear time and time-zone
 * errors (400 naming the field, nothing written), row labels on every write and for older rows, the
 * shipped Content Manager settings applied without overwriting an admin's change, and the holiday
 * import's preview / import (public holidays for everyone, skipped dates listed, supervisors only).
 */
import { startApp, testDb, type TestApp } from '../helpers/strapi';
import { adminLogin, fullAccessToken } from '../helpers/auth';
import { applyCalendarCmConfiguration, fillMissingRowLabels } from '../../src/plugins/support-desk/server/src/bootstrap/calendar-cm';

const CALENDAR = 'api::business-calendar.business-calendar';
let app: TestApp;
let token: string;
const api = () => ({
  post: (url: string, data: unknown) => app.http().post(url).set('Authorization', `Bearer ${token}`).send({ data }),
  put: (url: string, data: unknown) => app.http().put(url).set('Authorization', `Bearer ${token}`).send({ data }),
});
const errorsOf = (res: any) => (res.body.error?.details?.errors ?? []).map((e: any) => ({ path: e.path.join('.'), message: e.message }));

beforeAll(async () => {
  app = await startApp();
  token = await fullAccessToken(app.strapi, 'calendar-admin');
});
afterAll(async () => {
  await app?.stop();
});

describe(`calendar and contract writes (${testDb})`, () => {
  it('an impossible time or zone: 400 with a clear message on the field, nothing written', async () => {
    const before = await app.strapi.db.query(CALENDAR).count();
    const res = await api().post('/api/business-calendars', {
      name: 'Bad hours',
      timezone: 'Asia/Shanghai',
      working_intervals: [{ weekday: 'mon', start: '09:00', end: '25:00' }, { weekday: 'tue', start: '9h', end: '18:00' }],
    });
    expect(res.status).toBe(400);
    expect(errorsOf(res)).toEqual(
      expect.arrayContaining([
        { path: 'working_intervals.0.end', message: 'Time must be HH:MM between 00:01 and 24:00 (24:00 ends the day) (got "25:00")' },
        { path: 'working_intervals.1.start', message: 'Time must be HH:MM between 00:00 and 23:59 (got "9h")' },
      ]),
    );
    expect(res.body.error.message).not.toMatch(/regex/);
    const zone = await api().post('/api/business-calendars', { name: 'Bad zone', timezone: 'Asia/Beijing', working_intervals: [{ weekday: 'mon', start: '09:00', end: '18:00' }] });
    expect(zone.status).toBe(400);
    expect(errorsOf(zone)).toEqual([{ path: 'timezone', message: expect.stringMatching(/unknown IANA time zone "Asia\/Beijing" \(pick one such as Asia\/Shanghai/) }]);
    expect(await app.strapi.db.query(CALENDAR).count()).toBe(before);
  });

  it('labels working intervals and SLA targets on every write, and fills older rows at boot', async () => {
    const created = await api().post('/api/business-calendars', { name: 'Labelled', timezone: 'Europe/Berlin', working_intervals: [{ weekday: 'fri', start: '08:30', end: '24:00' }] });
    expect(created.status).toBe(201);
    const contract = await api().post('/api/sla-contracts', { name: 'Labelled contract', code: 'LBL', business_calendar: created.body.data.documentId, targets: [{ priority: 'P2', first_response_minutes: 60, resolution_minutes: 480 }] });
    expect(contract.status).toBe(201);
    const cal = await app.strapi.db.query(CALENDAR).findOne({ where: { documentId: created.body.data.documentId }, populate: ['working_intervals'] });
    expect(cal.working_intervals[0].label).toBe('Fri 08:30–24:00');
    const c = await app.strapi.db.query('api::sla-contract.sla-contract').findOne({ where: { code: 'LBL' }, populate: ['targets'] });
    expect(c.targets[0].label).toBe('P2 — response 1 h, resolution 8 h');
    // An update relabels.
    const updated = await api().put(`/api/business-calendars/${cal.documentId}`, { working_intervals: [{ weekday: 'sat', start: '10:00', end: '14:00' }] });
    expect(updated.status).toBe(200);
    expect((await app.strapi.db.query(CALENDAR).findOne({ where: { id: cal.id }, populate: ['working_intervals'] })).working_intervals[0].label).toBe('Sat 10:00–14:00');
    // Rows stored without a label (before the attribute existed) get theirs at boot.
    await app.strapi.db.query('calendar.working-interval' as any).updateMany({ where: {}, data: { label: null } });
    await app.strapi.db.query('sla.target' as any).updateMany({ where: {}, data: { label: null } });
    await fillMissingRowLabels(app.strapi);
    expect((await app.strapi.db.query(CALENDAR).findOne({ where: { id: cal.id }, populate: ['working_intervals'] })).working_intervals[0].label).toBe('Sat 10:00–14:00');
    expect((await app.strapi.db.query('api::sla-contract.sla-contract').findOne({ where: { code: 'LBL' }, populate: ['targets'] })).targets[0].label).toBe('P2 — response 1 h, resolution 8 h');
  });
});

describe(`shipped Content Manager settings (${testDb})`, () => {
  it('are applied at boot, and a setting the admin changed is kept on the next boot', async () => {
    const supervisor = await adminLogin(app.strapi, app.http, 'strapi-super-admin');
    const get = (uid: string) => app.http().get(`/content-manager/components/${uid}/configuration`).set('Authorization', `Bearer ${supervisor.jwt}`);
    const shipped = (await get('calendar.working-interval')).body.data.component;
    expect(shipped.settings.mainField).toBe('label');
    expect(shipped.metadatas.start.edit.description).toBe('Local time HH:MM, 00:00–23:59');
    expect(shipped.metadatas.label.edit.visible).toBe(false);
    expect((await get('sla.target')).body.data.component.settings.mainField).toBe('label');
    const ct = await app.http().get(`/content-manager/content-types/${CALENDAR}/configuration`).set('Authorization', `Bearer ${supervisor.jwt}`);
    expect(ct.body.data.contentType.metadatas.timezone.edit.label).toBe('Time zone');

    // The admin renames the start field's label and the row name in the Content Manager.
    const components = app.strapi.plugin('content-manager').service('components');
    const component = components.findComponent('calendar.working-interval');
    const { uid: _uid, category: _category, ...config } = await components.findConfiguration(component);
    const edited = { ...config, settings: { ...config.settings, mainField: 'weekday' }, metadatas: { ...config.metadatas, start: { ...config.metadatas.start, edit: { ...config.metadatas.start.edit, label: 'Beginn' } } } };
    await components.updateConfiguration(component, edited); // what the admin's "Configure the view" saves
    await applyCalendarCmConfiguration(app.strapi); // what the next boot runs
    const after = (await get('calendar.working-interval')).body.data.component;
    expect(after.settings.mainField).toBe('weekday');
    expect(after.metadatas.start.edit.label).toBe('Beginn');
    expect(after.metadatas.end.edit.label).toBe('End');
  });
});

describe(`holiday import (${testDb})`, () => {
  it('previews and imports public holidays for everyone, lists what it skipped, supervisors only', async () => {
    const cal = (await api().post('/api/business-calendars', {
      name: 'Import target',
      timezone: 'Asia/Shanghai',
      working_intervals: [{ weekday: 'mon', start: '09:00', end: '18:00' }],
      holidays: [{ date: '2026-10-01', name: 'By hand' }],
      extra_working_days: [{ date: '2026-05-02', name: 'Odd, but entered' }],
    })).body.data;
    const supervisor = await adminLogin(app.strapi, app.http, 'support-supervisor');
    const agent = await adminLogin(app.strapi, app.http, 'support-agent');
    const as = (who: { jwt: string }) => ({
      get: (url: string) => app.http().get(url).set('Authorization', `Bearer ${who.jwt}`),
      post: (url: string, body: object) => app.http().post(url).set('Authorization', `Bearer ${who.jwt}`).send(body),
    });

    const countries = await as(supervisor).get('/support-desk/calendars/holiday-countries?language=zh');
    expect(countries.status).toBe(200);
    expect(countries.body.data).toEqual(expect.arrayContaining([{ code: 'CN', name: expect.stringContaining('中') }, { code: 'DE', name: expect.any(String) }]));

    const preview = await as(supervisor).get(`/support-desk/calendars/${cal.documentId}/holidays/preview?country=CN&year=2026`);
    expect(preview.status).toBe(200);
    const dates = preview.body.data.holidays.map((h: any) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-05-01', '2026-10-02', '2026-10-03']));
    expect(dates).not.toContain('2026-06-01');
    expect(preview.body.data.skippedHolidays).toEqual([
      { date: '2026-05-02', name: expect.stringContaining('劳动节'), reason: 'extra_working_day' },
      { date: '2026-10-01', name: expect.stringContaining('国庆'), reason: 'holiday' },
    ]);
    // A preview writes nothing.
    expect((await app.strapi.db.query(CALENDAR).findOne({ where: { documentId: cal.documentId }, populate: ['holidays'] })).holidays).toHaveLength(1);

    const imported = await as(supervisor).post(`/support-desk/calendars/${cal.documentId}/holidays/import`, { country: 'CN', year: 2026, language: 'en' });
    expect(imported.status).toBe(200);
    expect(imported.body.data).toMatchObject({ added: dates.length, skipped: 2 });
    expect(imported.body.data.holidays.find((h: any) => h.date === '2026-02-19').name).toBe('Spring Festival');
    const stored = await app.strapi.db.query(CALENDAR).findOne({ where: { documentId: cal.documentId }, populate: ['holidays'] });
    expect(stored.holidays.map((h: any) => String(h.date).slice(0, 10)).sort()).toEqual([...dates, '2026-10-01'].sort());
    expect(stored.holidays.find((h: any) => String(h.date).startsWith('2026-10-01')).name).toBe('By hand');

    for (const [query, field] of [['country=XX&year=2026', 'country'], ['country=CN&year=1990', 'year'], ['country=CN&year=2026&language=chinese', 'language']]) {
      const bad = await as(supervisor).get(`/support-desk/calendars/${cal.documentId}/holidays/preview?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.errors[0].path).toEqual([field]);
    }
    expect((await as(supervisor).get('/support-desk/calendars/nosuch/holidays/preview?country=CN&year=2026')).status).toBe(404);
    expect((await as(agent).get(`/support-desk/calendars/${cal.documentId}/holidays/preview?country=CN&year=2026`)).status).toBe(403);
    expect((await as(agent).get('/support-desk/calendars/holiday-countries')).status).toBe(403);
  });
});
