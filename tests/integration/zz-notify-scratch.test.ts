import { startApp, type TestApp } from '../helpers/strapi';
import { startSmtpServer } from '../helpers/smtp';
let app: TestApp; let smtp: any;
beforeAll(async () => { smtp = await startSmtpServer(); app = await startApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_IGNORE_TLS: 'true', NOTIFY_ENABLED: 'false' } }); });
afterAll(async () => { await app?.stop(); await smtp?.close(); });
it('times', async () => {
  const email = app.strapi.plugin('email').service('email');
  for (let i = 0; i < 5; i++) { const t = Date.now(); await email.send({ to: 'a@b.test', subject: 's', text: 't' }); console.log('send', Date.now() - t); }
  const s: any = app.strapi.plugin('support-desk').service('notifications');
  await s.enqueue(Array.from({ length: 20 }, (_, i) => ({ to: { email: `x${i}@b.test` }, template: 'ticket_created', payload: { number: 'TS-1' }, dedupeKey: `k${i}` })));
  let t = Date.now(); const c = await s.claim({ batchSize: 20 }); console.log('claim', Date.now() - t, c.rows.length);
  t = Date.now(); for (let i = 0; i < 20; i++) await app.strapi.db.connection('support_desk_notifications').where({ id: c.rows[i].id }).update({ status: 'pending' }); console.log('20 updates', Date.now() - t);
  t = Date.now(); const r = await s.dispatch({ batchSize: 20 }); console.log('dispatch', Date.now() - t, r);
});
