/**
 * `npm run seed`: the demo data set. Idempotent: every record is looked up by its natural key
 * (code, serial, email, sku, slug, subject) and created only when missing, so a second run adds nothing.
 * Everything goes through the document service, so the plugin's document middlewares see it.
 */
import type { Core } from '@strapi/strapi';
import { AGENTS, CALENDARS, CONTACT_NAMES, CONTRACTS, FAULT_CATEGORIES, GROUPS, MODELS, ORGANIZATIONS, PARTS, TRAININGS } from './data';
import { KB_CATEGORIES, KB_SYNONYMS, KB_TOPICS } from './kb';
import { DEMO_TICKETS, statePath } from './tickets';

export { assertSeedAllowed, seedRefusal } from './guard';

type Log = (line: string) => void;
type Doc = { id: number; documentId: string; [key: string]: any };

const DEMO_AGENT_PASSWORD = 'Agent2026!';
const DEMO_CUSTOMER_PASSWORD = 'Customer2026!';
const HOUR = 3600_000;

export interface SeedResult {
  admin: { email: string; password: string };
  created: Record<string, number>;
}

export async function seed(strapi: Core.Strapi, { log = console.log as Log } = {}): Promise<SeedResult> {
  const created: Record<string, number> = {};
  const docs = (uid: string) => strapi.documents(uid as any) as any;

  /** Finds by filters, creates when missing; counts creations per kind. */
  async function ensure(uid: string, kind: string, filters: Record<string, unknown>, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Doc> {
    const existing = await docs(uid).findFirst({ filters, ...extra });
    if (existing) return existing;
    created[kind] = (created[kind] ?? 0) + 1;
    return docs(uid).create({ data, ...extra });
  }
  const progress = (kind: string, total: number) => log(`[seed] ${kind.padEnd(20)} ${String(total).padStart(4)} in demo set, ${created[kind] ?? 0} created`);

  // Admin account.
  const adminEmail = process.env.ADMIN_EMAIL || 'admin@support-desk.local';
  const adminPassword = process.env.ADMIN_PASSWORD || 'SupportDesk2026!';
  const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
  await ensureAdminUser(strapi, { email: adminEmail, firstname: 'Support', lastname: 'Admin', password: adminPassword, roles: [superAdminRole.id] }, created, 'admin users');

  // Calendars and contracts.
  const calendarsByName: Record<string, Doc> = {};
  for (const c of CALENDARS) {
    const holidays = c.holidayYears.flatMap((year) => strapi.plugin('support-desk').service('calendar').publicHolidays(c.holidayCountry, year));
    calendarsByName[c.name] = await ensure('api::business-calendar.business-calendar', 'business calendars', { name: c.name }, {
      name: c.name,
      timezone: c.timezone,
      description: 'Mon–Fri 09:00–12:00 and 13:00–18:00 China Standard Time, PRC public holidays, make-up workdays.',
      working_intervals: c.weekdays.flatMap((weekday) => c.intervals.map(([start, end]) => ({ weekday, start, end }))),
      holidays,
      extra_working_days: c.extraWorkingDays.map((d) => ({ ...d, works_like: 'mon' })),
    });
  }
  progress('business calendars', CALENDARS.length);

  const contractsByCode: Record<string, Doc> = {};
  for (const c of CONTRACTS) {
    contractsByCode[c.code] = await ensure('api::sla-contract.sla-contract', 'sla contracts', { code: c.code }, {
      name: c.name,
      code: c.code,
      is_default: c.is_default,
      active: true,
      valid_from: '2026-01-01',
      valid_until: '2027-12-31',
      warn_at_percent: c.warn_at_percent,
      onsite_included: c.onsite_included,
      targets: c.targets.map((t) => ({ ...t })),
      business_calendar: c.calendar ? calendarsByName[c.calendar].documentId : null,
    });
  }
  progress('sla contracts', CONTRACTS.length);

  // Organizations, contacts, assets.
  const customerRole = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'customer' } });
  const orgsByCode: Record<string, Doc> = {};
  const contactsByOrg: Record<string, Doc[]> = {};
  const assetsByOrg: Record<string, Doc[]> = {};
  let contactTotal = 0;
  let assetTotal = 0;
  for (const [i, o] of ORGANIZATIONS.entries()) {
    const org = await ensure('api::organization.organization', 'organizations', { code: o.code }, {
      code: o.code,
      name: o.name,
      region: o.region,
      industry: o.industry,
      phone: `+86 21 5555 ${String(1000 + i)}`,
      address: `${o.city}, China`,
      sla_contract: o.contract ? contractsByCode[o.contract].documentId : null,
    });
    orgsByCode[o.code] = org;
    contactsByOrg[o.code] = [];
    for (const name of CONTACT_NAMES[i]) {
      const username = `${name.toLowerCase().replace(/\s+/g, '.')}.${o.code.toLowerCase()}`;
      const email = `${username}@customer.example`;
      let user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } });
      if (!user) {
        user = await strapi.plugin('users-permissions').service('user').add({
          username,
          email,
          password: DEMO_CUSTOMER_PASSWORD,
          provider: 'local',
          confirmed: true,
          blocked: false,
          role: customerRole.id,
          full_name: name,
          preferred_locale: o.name.match(/[\u4e00-\u9fff]/) ? 'zh-Hans' : 'en',
          organization: org.id,
        });
        created['customer contacts'] = (created['customer contacts'] ?? 0) + 1;
      }
      contactsByOrg[o.code].push(user);
      contactTotal += 1;
    }
    assetsByOrg[o.code] = [];
    for (let a = 0; a < 3; a += 1) {
      const model = MODELS[(i + a * 2) % MODELS.length];
      const serial = `${model.model.split(/[- ]/)[0]}-${o.code}-${String(a + 1).padStart(3, '0')}`;
      const installed = new Date(Date.UTC(2023 + (a % 3), (i * 3 + a) % 12, 10));
      const warrantyYears = model.product_line === 'Storage Arrays' ? 5 : 3;
      assetsByOrg[o.code].push(
        await ensure('api::asset.asset', 'assets', { serial_number: serial }, {
          serial_number: serial,
          model: model.model,
          product_line: model.product_line,
          organization: org.documentId,
          installed_at: installed.toISOString().slice(0, 10),
          warranty_until: new Date(installed.getTime() + warrantyYears * 365 * 24 * HOUR).toISOString().slice(0, 10),
        }),
      );
      assetTotal += 1;
    }
  }
  progress('organizations', ORGANIZATIONS.length);
  progress('customer contacts', contactTotal);
  progress('assets', assetTotal);

  // Agents (admin users with the support roles), groups, agent profiles.
  const roleIds = {
    agent: (await strapi.service('admin::role').findOne({ code: 'support-agent' })).id,
    supervisor: (await strapi.service('admin::role').findOne({ code: 'support-supervisor' })).id,
  };
  const adminsByEmail: Record<string, Doc> = {};
  for (const a of AGENTS) {
    adminsByEmail[a.email] = await ensureAdminUser(strapi, { email: a.email, firstname: a.first, lastname: a.last, password: DEMO_AGENT_PASSWORD, roles: [roleIds[a.role]] }, created, 'agents');
  }
  progress('agents', AGENTS.length);

  const groupsByCode: Record<string, Doc> = {};
  for (const g of GROUPS) {
    const members = AGENTS.filter((a) => (a.groups as readonly string[]).includes(g.code)).map((a) => adminsByEmail[a.email].id);
    const lead = AGENTS.find((a) => (a.lead as readonly string[]).includes(g.code));
    groupsByCode[g.code] = await ensure('api::support-group.support-group', 'support groups', { code: g.code }, {
      code: g.code,
      name: g.name,
      product_line: g.product_line,
      region: g.region,
      is_fallback: 'is_fallback' in g ? g.is_fallback : false,
      email: `${g.code.toLowerCase()}@support-desk.local`,
      lead: lead ? adminsByEmail[lead.email].id : null,
      members,
    });
  }
  progress('support groups', GROUPS.length);

  for (const a of AGENTS) {
    await ensure('api::agent-profile.agent-profile', 'agent profiles', { email: a.email }, {
      user: adminsByEmail[a.email].id,
      display_name: `${a.first} ${a.last}`,
      email: a.email,
      skills: [...a.skills],
      groups: a.groups.map((code) => groupsByCode[code].documentId),
      available: 'available' in a ? a.available : true,
      max_open_tickets: 20,
      preferred_locale: 'zh-Hans',
      department: a.department,
      is_department_contact: 'is_department_contact' in a ? a.is_department_contact : false,
    });
  }
  progress('agent profiles', AGENTS.length);

  // Fault categories (parents first).
  const faultsByCode: Record<string, Doc> = {};
  for (const f of FAULT_CATEGORIES) {
    faultsByCode[f.code] = await ensure('api::fault-category.fault-category', 'fault categories', { code: f.code }, {
      code: f.code,
      name: f.name,
      parent: f.parent ? faultsByCode[f.parent].documentId : null,
    });
  }
  progress('fault categories', FAULT_CATEGORIES.length);

  // Knowledge base: categories and articles in en + zh-Hans, published.
  const categoriesByKey: Record<string, Doc> = {};
  for (const c of KB_CATEGORIES) {
    const cat = await ensure('api::kb-category.kb-category', 'kb categories', { slug: c.key }, { name: c.en, slug: c.key, sort_order: c.sort_order }, { locale: 'en' });
    const zh = await docs('api::kb-category.kb-category').findOne({ documentId: cat.documentId, locale: 'zh-Hans' });
    if (!zh) {
      await docs('api::kb-category.kb-category').update({ documentId: cat.documentId, locale: 'zh-Hans', data: { name: c.zh, slug: c.key, sort_order: c.sort_order } });
      created['kb categories'] = (created['kb categories'] ?? 0) + 1;
    }
    categoriesByKey[c.key] = cat;
  }
  progress('kb categories', KB_CATEGORIES.length * 2);

  const editor = adminsByEmail['chen.hao@support-desk.local'];
  for (const [i, t] of KB_TOPICS.entries()) {
    const shared = {
      category: categoriesByKey[t.category].documentId,
      tags: t.tags,
      product_lines: t.product_lines,
      visibility: t.visibility,
      responsible_editor: editor.id,
      review_due_at: new Date(Date.UTC(2027, i % 12, 1)).toISOString(),
    };
    const article = await ensure('api::kb-article.kb-article', 'kb articles', { slug: t.slug }, { ...t.en, slug: t.slug, ...shared }, { locale: 'en', status: 'draft' });
    const zh = await docs('api::kb-article.kb-article').findOne({ documentId: article.documentId, locale: 'zh-Hans', status: 'draft' });
    if (!zh) {
      await docs('api::kb-article.kb-article').update({ documentId: article.documentId, locale: 'zh-Hans', data: { ...t.zh, slug: t.slug, ...shared } });
      created['kb articles'] = (created['kb articles'] ?? 0) + 1;
    }
    const published = await docs('api::kb-article.kb-article').findOne({ documentId: article.documentId, locale: 'zh-Hans', status: 'published' });
    if (!published) await docs('api::kb-article.kb-article').publish({ documentId: article.documentId, locale: '*' });
  }
  progress('kb articles', KB_TOPICS.length * 2);

  for (const syn of KB_SYNONYMS) await ensure('api::kb-synonym.kb-synonym', 'kb synonyms', { note: syn.note }, syn);
  progress('kb synonyms', KB_SYNONYMS.length);

  // Parts and their opening stock (the part's create records it as a receive movement, so the ledger explains on_hand).
  for (const p of PARTS) {
    const existing = await docs('api::part.part').findFirst({ filters: { sku: p.sku } });
    if (existing) continue;
    await docs('api::part.part').create({
      data: {
        sku: p.sku,
        name: p.name,
        compatible_models: [...p.models],
        on_hand: p.on_hand,
        reserved: 0,
        reorder_point: p.reorder_point,
        reorder_quantity: p.reorder_quantity,
        max_stock: p.max_stock,
        location: p.location,
        unit_cost: p.unit_cost,
      },
    });
    created.parts = (created.parts ?? 0) + 1;
  }
  progress('parts', PARTS.length);

  // Trainings, sessions and enrollments.
  const now = Date.now();
  for (const [i, t] of TRAININGS.entries()) {
    const training = await ensure('api::training.training', 'trainings', { code: t.code }, {
      code: t.code,
      title: t.title,
      audience: t.audience,
      product_line: t.product_line,
      skills_granted: [...t.skills],
      duration_hours: t.hours,
      description: `${t.title} (${t.hours} h).`,
    });
    for (let s = 0; s < 2; s += 1) {
      const startsAt = new Date(Date.UTC(2026, 11 + s, 8 + i * 3, 1, 0)); // 09:00 China time
      const location = s === 0 ? 'Shanghai training centre' : 'Online';
      const session = await ensure('api::training-session.training-session', 'training sessions', { training: { documentId: training.documentId }, starts_at: startsAt.toISOString() }, {
        training: training.documentId,
        starts_at: startsAt.toISOString(),
        ends_at: new Date(startsAt.getTime() + t.hours * HOUR).toISOString(),
        trainer: adminsByEmail[AGENTS[1 + i].email].id,
        capacity: 12,
        location,
        state: 'open',
      });
      const attendees =
        t.audience === 'customer'
          ? Object.values(contactsByOrg).flat().slice(i * 2, i * 2 + 3).map((u) => ({ attendee_user: u.id }))
          : AGENTS.slice(2, 5).map((a) => ({ attendee_admin: adminsByEmail[a.email].id }));
      for (const attendee of attendees) {
        const key = 'attendee_user' in attendee ? { attendee_user: { id: attendee.attendee_user } } : { attendee_admin: { id: attendee.attendee_admin } };
        // History as it was recorded (the query engine): the trainings service refuses enrollments in
        // sessions that have started, and the demo keeps its fixed session dates.
        const exists = await strapi.db.query('api::enrollment.enrollment').findOne({ where: { session: { documentId: session.documentId }, ...key } });
        if (!exists) {
          await strapi.db.query('api::enrollment.enrollment').create({ data: { session: session.id, ...attendee, state: 'enrolled', enrolled_at: new Date(now - 7 * 24 * HOUR) } });
          created.enrollments = (created.enrollments ?? 0) + 1;
        }
      }
    }
  }
  progress('trainings', TRAININGS.length);
  progress('training sessions', TRAININGS.length * 2);

  // Tickets, walked through the workflow one state at a time so every step is a legal transition.
  for (const t of DEMO_TICKETS) {
    const org = orgsByCode[t.org];
    const existing = await docs('api::ticket.ticket').findFirst({ filters: { subject: t.subject, organization: { documentId: org.documentId } } });
    if (existing) continue;
    const openedAt = new Date(now - t.ageHours * HOUR);
    // The ticket is about its group's product line (a VLAN question is a network question even
    // when the site's listed asset is a camera): that product line, and an asset of it if the
    // organization has one.
    const productLine = GROUPS.find((g) => g.code === t.group)?.product_line ?? null;
    const asset = assetsByOrg[t.org].find((a) => productLine && a.product_line === productLine) ?? assetsByOrg[t.org][t.asset];
    const ticket: Doc = await docs('api::ticket.ticket').create({
      data: {
        subject: t.subject,
        description: t.description,
        channel: t.channel,
        type: t.type,
        urgency: t.urgency,
        impact: t.impact,
        organization: org.documentId,
        requester: contactsByOrg[t.org][0].id,
        asset: asset.documentId,
        product_line: productLine ?? asset.product_line,
        region: org.region,
        ...(t.skills ? { skills_required: t.skills } : {}),
      },
    });

    const agent = adminsByEmail[t.agent];
    const agentActor = { kind: 'agent', id: agent.id, name: `${agent.firstname} ${agent.lastname}` };
    const requester = contactsByOrg[t.org][0];
    const customerActor = { kind: 'customer', id: requester.id, name: requester.username };
    const steps: Record<string, { action: string; actor: object; input: Record<string, unknown> }> = {
      triaged: { action: 'triage', actor: agentActor, input: { group: groupsByCode[t.group].documentId, assignee: agent.id } },
      in_progress: { action: 'start', actor: agentActor, input: {} },
      awaiting_customer: { action: 'request_info', actor: agentActor, input: { message: t.subject.match(/[\u4e00-\u9fff]/) ? '请提供设备日志和故障发生的时间。' : 'Please send the device logs and the time the problem started.' } },
      solution_proposed: { action: 'propose_solution', actor: agentActor, input: { solution: t.solution } },
      resolved: {
        action: 'resolve',
        actor: agentActor,
        input: { solution: t.solution, resolution_method: t.resolution_method, root_cause: t.root_cause, fault_category: t.fault ? faultsByCode[t.fault].documentId : undefined },
      },
      closed: { action: 'confirm', actor: customerActor, input: {} },
      cancelled: { action: 'cancel', actor: agentActor, input: { reason: t.description.includes('twice') ? 'Duplicate of another ticket' : 'Customer withdrew the request' } },
    };
    // Through the workflow service, as the agent (or the customer) would: every step is a legal
    // transition and lands on the timeline.
    const workflow = strapi.plugin('support-desk').service('tickets');
    let current: Doc = ticket;
    const walked: { action: string; firstEventId: number; publicReply?: boolean }[] = [];
    for (const state of statePath(t.state)) {
      const step = steps[state];
      walked.push({ action: step.action, firstEventId: (await lastEventId(strapi, ticket.id)) + 1 });
      current = await workflow.transition(current.documentId, { action: step.action, version: current.version, ...step.input }, step.actor);
      if (step.action === 'triage') {
        // The agent acknowledges the ticket when taking it (the first response).
        const zh = /[\u4e00-\u9fff]/.test(t.subject);
        await workflow.comment(current.documentId, { body: zh ? '您好，我们已收到您的问题，正在处理。' : 'Hello, we have your request and are looking into it.', visibility: 'public' }, agentActor);
        walked[walked.length - 1].publicReply = true;
        current = await docs('api::ticket.ticket').findOne({ documentId: current.documentId });
      }
    }
    if (t.csat) await docs('api::ticket.ticket').update({ documentId: current.documentId, data: { csat_rating: t.csat } });
    await backdate(strapi, ticket.id, openedAt, new Date(now), walked);
    created.tickets = (created.tickets ?? 0) + 1;
  }
  progress('tickets', DEMO_TICKETS.length);

  return { admin: { email: adminEmail, password: adminPassword }, created };
}

async function lastEventId(strapi: Core.Strapi, ticketId: number): Promise<number> {
  const last = await strapi.db.query('plugin::support-desk.ticket-event').findOne({ where: { ticket: { id: ticketId } }, orderBy: { id: 'desc' }, select: ['id'] });
  return last?.id ?? 0;
}

/**
 * The ticket's history as it happened: created at `openedAt`, its workflow steps spread evenly
 * between then and `now` (their timeline events with them), and its SLA clocks replayed from those
 * times under its contract and calendar (sla.replayHistory) — the same deadlines a later contract
 * or calendar edit recomputes, so such an edit does not breach the demo tickets at once.
 */
async function backdate(strapi: Core.Strapi, ticketId: number, openedAt: Date, now: Date, walked: { action: string; firstEventId: number; publicReply?: boolean }[]) {
  const span = now.getTime() - openedAt.getTime();
  const at = (i: number) => new Date(openedAt.getTime() + Math.round((span * (i + 1)) / (walked.length + 1)));
  const events = strapi.db.metadata.get('plugin::support-desk.ticket-event');
  const tickets = strapi.db.metadata.get('api::ticket.ticket');
  const bounds: (number | null)[] = [...walked.map((w) => w.firstEventId), null];
  const eventIds = async (from: number, to: number | null) =>
    (await strapi.db.query('plugin::support-desk.ticket-event').findMany({ where: { ticket: { id: ticketId }, id: to === null ? { $gte: from } : { $gte: from, $lt: to } }, select: ['id'] })).map((e: Doc) => e.id);
  await strapi.db.connection(events.tableName).whereIn('id', await eventIds(0, bounds[0])).update({ created_at: openedAt, updated_at: openedAt });
  for (const [i, step] of walked.entries()) {
    await strapi.db.connection(events.tableName).whereIn('id', await eventIds(step.firstEventId, bounds[i + 1])).update({ created_at: at(i), updated_at: at(i) });
  }
  const stepAt = (action: string) => {
    const i = walked.findIndex((w) => w.action === action);
    return i >= 0 ? at(i) : null;
  };
  const last = walked.length ? at(walked.length - 1) : openedAt;
  await strapi.db.connection(tickets.tableName).where({ id: ticketId }).update({
    created_at: openedAt,
    updated_at: last,
    ...(stepAt('resolve') ? { resolved_at: stepAt('resolve') } : {}),
    ...(stepAt('confirm') ? { closed_at: stepAt('confirm') } : {}),
  });
  await strapi.plugin('support-desk').service('sla').replayHistory(ticketId, openedAt, walked.map((w, i) => ({ action: w.action, at: at(i), publicReply: w.publicReply })));
  // The dashboard's per-ticket figures again, from the recorded times.
  await strapi.db.query('api::ticket.ticket').update({ where: { id: ticketId }, data: { first_response_business_minutes: null } });
  const row = await strapi.db.query('api::ticket.ticket').findOne({ where: { id: ticketId }, populate: { sla_contract: { select: ['id'] } } });
  await strapi.plugin('support-desk').service('ticket-metrics').afterUpdate(row, stepAt('resolve') ? { action: 'resolve' } : null);
}

async function ensureAdminUser(
  strapi: Core.Strapi,
  user: { email: string; firstname: string; lastname: string; password: string; roles: number[] },
  created: Record<string, number>,
  kind: string,
): Promise<Doc> {
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: user.email } });
  if (existing) return existing;
  created[kind] = (created[kind] ?? 0) + 1;
  return strapi.service('admin::user').create({ ...user, isActive: true, registrationToken: null });
}
