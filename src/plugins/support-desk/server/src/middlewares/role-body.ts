/**
 * Route middleware on the users-permissions role create and update routes (admin and content API;
 * added in register.ts): the body is checked against the role's whitelist (security/role-body.ts)
 * before the controller sees it; a refusal is a 400 naming the field, nothing written.
 */
import type { Context, Next } from 'koa';
import { checkRoleBody } from '../security/role-body';
import { inputRefusal } from '../utils/errors';

export const ROLE_WRITE_HANDLERS: Record<string, boolean> = { 'role.createRole': true, 'role.updateRole': false };

export const roleBody = (creating: boolean) => async (ctx: Context, next: Next) => {
  const problem = checkRoleBody((ctx.request as unknown as { body?: unknown }).body, creating);
  if (problem) throw inputRefusal(problem);
  await next();
};
