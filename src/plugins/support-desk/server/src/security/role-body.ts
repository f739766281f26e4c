/**
 * The body of a users-permissions role create or update. Its controller passes every key of the
 * body to the query engine (`id`, `document_id`, `created_at` …: a text id answered 500 on SQLite, an
 * existing one a unique violation) and creates a role with no name when none is given. The keys the
 * admin's role form sends, and the content API's declared schema, are the whitelist here.
 */
import type { InputProblem } from './input-guard';

const ROLE_KEYS = ['name', 'description', 'type', 'permissions', 'users'] as const;
const MAX_TEXT = 255;

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const problem = (path: string[], message: string): InputProblem => ({ source: 'body', path, rule: 'role', message });

export function checkRoleBody(body: unknown, creating: boolean): InputProblem | null {
  if (!isPlainObject(body)) return problem([], 'A role is sent as a JSON object: { "name": …, "description": …, "permissions": … }.');
  const unknown = Object.keys(body).filter((k) => !(ROLE_KEYS as readonly string[]).includes(k));
  if (unknown.length) return problem([unknown[0]], `A role has no field ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}; send only ${ROLE_KEYS.join(', ')}.`);
  const { name, description, type, permissions, users } = body;
  if (creating || name !== undefined) {
    if (typeof name !== 'string' || !name.trim()) return problem(['name'], 'A role needs a "name": a non-empty text.');
    if (name.length > MAX_TEXT) return problem(['name'], `A role's "name" is at most ${MAX_TEXT} characters.`);
  }
  for (const [key, value] of [['description', description], ['type', type]] as const) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return problem([key], `A role's "${key}" is a text.`);
    if (value.length > MAX_TEXT) return problem([key], `A role's "${key}" is at most ${MAX_TEXT} characters.`);
  }
  if (permissions !== undefined && !isPlainObject(permissions)) return problem(['permissions'], 'A role\'s "permissions" is an object: { "<plugin or api>": { "controllers": { "<controller>": { "<action>": { "enabled": true } } } } }.');
  if (users !== undefined && !Array.isArray(users)) return problem(['users'], 'A role\'s "users" is a list.');
  return null;
}
