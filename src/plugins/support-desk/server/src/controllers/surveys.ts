/**
 * Public satisfaction-survey endpoints (no login; the token is the credential), used by the page in
 * public/survey/:
 * - POST /api/support-desk/surveys/lookup  { token }                    → 200 { data: ticket number, subject, locale, expires_at }
 * - POST /api/support-desk/surveys/answer  { token, rating, comment? }  → 200 { data: { ticket: { number }, rating, answered_at } }
 * 400 names the field; unknown token 404, expired 410, already answered 409; nothing is written then.
 * The token travels in the body (not the URL), so it stays out of access logs.
 */
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { parseAnswer, readToken, type AnswerProblem } from '../surveys/token';

function refuse(problems: AnswerProblem[]): never {
  throw new errors.ValidationError(problems.map((p) => p.message).join(' '), {
    errors: problems.map((p) => ({ path: [p.field], message: p.message, name: 'ValidationError' })),
  });
}

export default () => ({
  async lookup(ctx: Context) {
    const { token, problem } = readToken(ctx.request.body);
    if (problem) refuse([problem]);
    ctx.body = { data: await getService('surveys').lookup(token!) };
  },

  async answer(ctx: Context) {
    const body = ctx.request.body;
    const { token, problem } = readToken(body);
    const { answer, problems } = parseAnswer(body);
    if (problem || problems.length) refuse([...(problem ? [problem] : []), ...problems]);
    ctx.body = { data: await getService('surveys').answer(token!, answer!) };
  },
});
