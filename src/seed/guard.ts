/**
 * When `npm run seed` may run. The demo data set creates accounts whose passwords are printed in the
 * README, so it must not land in a real installation: it refuses `NODE_ENV=production` and a
 * database that already holds data the demo did not create (organizations, tickets, admin users or
 * customer accounts outside the demo set), unless `--force` is given. An empty database or one the
 * demo seeded before (a second run adds nothing) is fine.
 */
import type { Core } from '@strapi/strapi';
import { AGENTS, ORGANIZATIONS } from './data';
import { DEMO_TICKETS } from './tickets';

/** Up to three examples per kind of record that is not demo data. */
export type ForeignData = Record<string, string[]>;

/** Pure: the reason to refuse, or null. */
export function seedRefusal({ nodeEnv, force, foreign }: { nodeEnv?: string; force: boolean; foreign: ForeignData }): string | null {
  if (force) return null;
  const reasons: string[] = [];
  if (nodeEnv === 'production') reasons.push('NODE_ENV is "production"');
  const kinds = Object.entries(foreign).filter(([, examples]) => examples.length);
  if (kinds.length) reasons.push(`the database already holds data that is not demo data (${kinds.map(([kind, ex]) => `${kind}: ${ex.join(', ')}`).join('; ')})`);
  if (!reasons.length) return null;
  return (
    `Refusing to load the demo data: ${reasons.join(' and ')}. The demo creates accounts whose passwords are published in the README. ` +
    'Seed an empty development database instead, or run `npm run seed -- --force` if you really mean to add the demo data here.'
  );
}

/** Records outside the demo set, by kind (reads natural keys only). */
export async function foreignData(strapi: Core.Strapi, adminEmail: string): Promise<ForeignData> {
  const q = (uid: string) => strapi.db.query(uid as any);
  const outside = async (uid: string, field: string, known: string[]) =>
    ((await q(uid).findMany({ select: [field], where: { [field]: { $notIn: known } }, limit: 3 })) as Record<string, string>[]).map((r) => String(r[field]));
  return {
    organizations: await outside('api::organization.organization', 'code', ORGANIZATIONS.map((o) => o.code)),
    tickets: await outside('api::ticket.ticket', 'subject', DEMO_TICKETS.map((t) => t.subject)),
    'admin users': await outside('admin::user', 'email', [adminEmail, ...AGENTS.map((a) => a.email)]),
    'customer accounts': (await q('plugin::users-permissions.user').findMany({ select: ['email'], where: { email: { $not: { $endsWith: '@customer.example' } } }, limit: 3 })).map((u: { email: string }) => u.email),
  };
}

/** Throws (with the reason) when the seed must not run. */
export async function assertSeedAllowed(strapi: Core.Strapi, { force = false, nodeEnv = process.env.NODE_ENV, adminEmail = process.env.ADMIN_EMAIL || 'admin@support-desk.local' } = {}) {
  const refusal = seedRefusal({ nodeEnv, force, foreign: await foreignData(strapi, adminEmail) });
  if (refusal) throw new Error(refusal);
}
