'use strict';
// Everyone the soak needs, made in one createStrapi().load() child (app.runInStrapi):
// an organization with `customers` contacts (users-permissions, Customer role) and their JWTs (issued
// with the app's JWT_SECRET: pass the same `secrets` to the loader and the apps), a supervisor admin
// with a password (the soak logs in over HTTP), a full-access API token for the agents, `tickets`
// in_progress tickets of that organization assigned to an agent (half for transitions, half for
// comments), and the slugs of published public KB articles (loaded before with kb-data.js).
//
// Parent side:  const seed = await loadSoakData(db, { customers: 40, tickets: 400, secrets });
const TICKET_UID = 'api::ticket.ticket';
const KB_UID = 'api::kb-article.kb-article';
const SUPERVISOR_PASSWORD = 'Soak-Supervisor-2026!';

async function loadSoakData(db, { customers = 40, tickets = 400, secrets } = {}) {
  const { runInStrapi } = require('./app');
  return runInStrapi(db, __filename, { customers, tickets }, { secrets });
}

async function childMain(strapi, { customers, tickets: ticketCount }) {
  const t0 = Date.now();
  const stamp = Date.now();
  const org = await strapi.documents('api::organization.organization').create({ data: { name: 'Soak Logistics', code: 'SOAK', region: 'East China' } });
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  if (!role) throw new Error('no users-permissions role "customer"');
  const jwt = strapi.plugin('users-permissions').service('jwt');
  const customerJwts = [];
  for (let i = 0; i < customers; i += 1) {
    const name = `soak.customer.${stamp}.${i}`;
    const user = await strapi.db.query('plugin::users-permissions.user').create({
      data: { username: name, email: `${name}@customer.test`, provider: 'local', confirmed: true, blocked: false, role: role.id, full_name: `Contact ${i}`, preferred_locale: 'en', organization: org.id },
    });
    customerJwts.push(jwt.issue({ id: user.id }));
  }

  const supervisorRole = await strapi.db.query('admin::role').findOne({ where: { code: 'support-supervisor' } });
  if (!supervisorRole) throw new Error('no admin role support-supervisor');
  const supervisorEmail = `soak.supervisor.${stamp}@example.test`;
  await strapi.service('admin::user').create({ email: supervisorEmail, firstname: 'Soak', lastname: 'Supervisor', password: SUPERVISOR_PASSWORD, isActive: true, registrationToken: null, roles: [supervisorRole.id] });
  const agent = await strapi.db.query('admin::user').create({ data: { firstname: 'Soak', lastname: 'Agent', email: `soak.agent.${stamp}@example.test`, isActive: true } });

  const service = strapi.plugin('support-desk').service('tickets');
  const actor = { kind: 'agent', id: agent.id, name: 'Soak Agent' };
  const out = [];
  for (let start = 0; start < ticketCount; start += 50) {
    await strapi.db.transaction(async () => {
      for (let i = start; i < Math.min(start + 50, ticketCount); i += 1) {
        const t = await service.create({ subject: `Soak ticket ${i}: uplink flapping at site ${i % 13}`, description: 'Loaded by the soak bench.', channel: 'api', type: 'consultation', urgency: 'medium', impact: 'medium', organization: org.documentId }, actor);
        await strapi.db.query(TICKET_UID).update({ where: { id: t.id }, data: { state: 'in_progress', assignee: agent.id } });
        out.push({ id: t.id, documentId: t.documentId, version: t.version, state: 'in_progress' });
      }
    });
  }
  const token = await strapi.service('admin::api-token').create({ name: `soak-${stamp}`, type: 'full-access', lifespan: null });
  const slugs = (await strapi.db.query(KB_UID).findMany({ select: ['slug'], where: { publishedAt: { $notNull: true }, locale: 'en' }, limit: 200 })).map((a) => a.slug).filter(Boolean);
  return { customerJwts, supervisor: { email: supervisorEmail, password: SUPERVISOR_PASSWORD }, agentId: agent.id, token: token.accessKey, tickets: out, slugs, ms: Date.now() - t0 };
}

if (require.main === module) require('./in-strapi').runJob(childMain);

module.exports = { loadSoakData };
