/**
 * Satisfaction surveys end to end (surveys/token.ts holds the rules):
 * - `issue` (at `resolve`, in the ticket's transaction): one survey per ticket; a fresh token —
 *   only its SHA-256 is stored — with `expires_at` = now + SURVEY_EXPIRY_DAYS. The link goes to the
 *   requester in the resolved mail (`ticket_resolved`, `survey_token`, threaded, their language);
 *   only when that mail does not go to them (organization switch `mail_on_resolved` off, or customer
 *   mail off) a `survey_invitation` of its own, threaded too (one per resolution: dedupe key
 *   `survey:<ticket>:<reopen_count>`). A survey already answered is not sent again; an unanswered
 *   one gets a new token (the old link stops working) after a reopen. CC'd contacts never get the
 *   link (it answers for the requester).
 * - `lookup` / `answer` (public, by token): unknown 404, expired 410, answered 409 — nothing is
 *   written; an answer is taken once (a conditional UPDATE … WHERE answered_at IS NULL), fills the
 *   ticket's `csat_rating` and appends a `survey` event to the timeline, in one transaction.
 * Answers never contain the token or its hash.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { SURVEY_UID, TICKET_UID } from '../constants';
import { hashSurveyToken, newSurveyToken, surveyStatus, TOKEN_PATTERN, type SurveyAnswer } from '../surveys/token';
import { enqueueMail } from '../utils/outbox';
import { conflict, httpError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { getService } from '../utils/get-service';

type Row = Record<string, any>;
const DAY = 86_400_000;

/** A survey opened at resolve: the token (only ever in the requester's mail), to whom, which ticket. */
export interface IssuedSurvey {
  token: string;
  to: { email: string; name: string | null; locale: string | null };
  ticket: { id: number; documentId: string; number: string; subject: string; reopen_count: number; group: { code?: string | null } | null };
}

export interface SurveyView {
  ticket: { number: string; subject: string };
  locale: string | null;
  expires_at: string | null;
}

const notFound = () => new errors.NotFoundError('This survey link is not valid. Please use the link from your e-mail, or contact our support team.');

const createSurveyService = ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.metadata.get(SURVEY_UID).tableName;

  /** The survey of a token (any state), with its ticket; null when the token is unknown. */
  async function byToken(token: string): Promise<Row | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    return strapi.db.query(SURVEY_UID).findOne({
      where: { token: hashSurveyToken(token) },
      populate: { ticket: { select: ['id', 'number', 'subject'], populate: { requester: { select: ['id', 'username', 'full_name', 'preferred_locale'] } } } },
    });
  }

  /** Refuses a survey that takes no answer (404 / 410 / 409), else returns it. */
  function assertOpen(survey: Row | null, now: Date): Row {
    if (!survey?.ticket) throw notFound();
    const status = surveyStatus(survey, now);
    // The requester's language travels with the refusal, so the page speaks it (the caller holds their token).
    const locale = survey.ticket.requester?.preferred_locale ?? null;
    if (status === 'answered') throw conflict(`This survey was already answered — thank you. Ticket ${survey.ticket.number} keeps the first answer.`, { status, locale });
    if (status === 'expired') throw httpError(410, `This survey link expired on ${new Date(survey.expires_at).toISOString().slice(0, 10)}. Please contact our support team if you want to tell us something.`, { status, locale });
    return survey;
  }

  return {
    /**
     * At resolve (the ticket's transaction): opens or renews the ticket's survey — a fresh token,
     * only its hash stored — and returns what its link needs; null when no survey is due (no
     * requester with an e-mail address, or the survey is already answered). The link then rides on
     * the resolved mail (services/customer-mail.ts), or `sendInvitation` mails it alone.
     */
    async issue(ticketId: number, now = new Date()): Promise<IssuedSurvey | null> {
      const ticket = await strapi.db.query(TICKET_UID).findOne({
        where: { id: ticketId },
        select: ['id', 'documentId', 'number', 'subject', 'reopen_count'],
        populate: { requester: { select: ['id', 'email', 'username', 'full_name', 'preferred_locale'] }, survey: { select: ['id', 'answered_at'] }, group: { select: ['id', 'code'] } },
      });
      const email = ticket?.requester?.email;
      if (!ticket || !email || ticket.survey?.answered_at) return null;
      const token = newSurveyToken();
      const expiresAt = new Date(now.getTime() + pluginConfig(strapi).surveys.expiryDays * DAY);
      let surveyId: number = ticket.survey?.id;
      if (!surveyId) {
        const created = await strapi.documents(SURVEY_UID).create({ data: { ticket: ticket.documentId } as any });
        surveyId = (created as Row).id;
      }
      // The token column holds the hash only; written with the query builder (document writes keep the token immutable).
      // Inside the caller's transaction (the resolve), or a new one.
      await strapi.db.transaction(({ trx }) => trx(table()).where({ id: surveyId }).update({ token: hashSurveyToken(token), sent_at: now, expires_at: expiresAt, updated_at: now }));
      return {
        token,
        to: { email, name: ticket.requester.full_name || ticket.requester.username, locale: ticket.requester.preferred_locale ?? null },
        ticket: { id: ticket.id, documentId: ticket.documentId, number: ticket.number, subject: ticket.subject, reopen_count: ticket.reopen_count ?? 0, group: ticket.group ?? null },
      };
    },

    /**
     * The survey link in a mail of its own, for a resolution without a resolved mail to the
     * requester (the organization switched resolved mails off, or MAIL_CUSTOMER_NOTIFY=false):
     * threaded on the ticket like its other mails; one per resolution (dedupe key).
     */
    async sendInvitation(issued: IssuedSurvey) {
      const { ticket } = issued;
      await enqueueMail(strapi, {
        to: issued.to,
        template: 'survey_invitation',
        payload: { number: ticket.number, subject: ticket.subject, token: issued.token, mail_thread: await getService('customer-mail').threadOf(ticket) },
        dedupeKey: `survey:${ticket.id}:${ticket.reopen_count}`,
        ticketId: ticket.id,
      });
    },

    /** What the public page shows before the answer (an open survey only). */
    async lookup(token: string, now = new Date()): Promise<SurveyView> {
      const survey = assertOpen(await byToken(token), now);
      return {
        ticket: { number: survey.ticket.number, subject: survey.ticket.subject },
        locale: survey.ticket.requester?.preferred_locale ?? null,
        expires_at: survey.expires_at ? new Date(survey.expires_at).toISOString() : null,
      };
    },

    /** Takes the answer once; 404 / 410 / 409 otherwise, nothing written. */
    async answer(token: string, answer: SurveyAnswer, now = new Date()): Promise<{ ticket: { number: string }; rating: number; answered_at: string }> {
      return strapi.db.transaction(async ({ trx }) => {
        const survey = assertOpen(await byToken(token), now);
        const claimed = await trx(table())
          .where({ id: survey.id })
          .whereNull('answered_at')
          .andWhere((w) => w.whereNull('expires_at').orWhere('expires_at', '>', now))
          .update({ rating: answer.rating, comment: answer.comment, answered_at: now, updated_at: now });
        if (claimed !== 1) throw conflict('This survey was already answered — thank you.', { status: 'answered' });
        await strapi.db.query(TICKET_UID).update({ where: { id: survey.ticket.id }, data: { csat_rating: answer.rating } });
        const requester = survey.ticket.requester;
        await getService('timeline').append({
          ticketId: survey.ticket.id,
          kind: 'survey',
          actor: { kind: 'customer', id: requester?.id, name: requester ? requester.full_name || requester.username : undefined },
          visibility: 'public',
          data: { rating: answer.rating, comment: answer.comment },
        });
        return { ticket: { number: survey.ticket.number }, rating: answer.rating, answered_at: now.toISOString() };
      });
    },
  };
};

export type SurveyService = ReturnType<typeof createSurveyService>;
export default createSurveyService;
