/**
 * Satisfaction-survey tokens and answers (pure: no Strapi import).
 *
 * - A token is 32 random bytes in base64url (43 characters): it goes to the customer in the
 *   invitation's link and nowhere else; the database keeps only its SHA-256 (hex, 64 characters) in
 *   the survey's `token` column, so a database reader cannot answer a survey.
 * - A survey is `open` until it is answered or its `expires_at` passes; `answered` and `expired`
 *   surveys take no answer (409 / 410); an unknown token is 404.
 * - An answer is a whole `rating` 1–5 and an optional `comment` (at most 2000 characters).
 */
import crypto from 'crypto';

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const COMMENT_MAX = 2000;

export const newSurveyToken = (): string => crypto.randomBytes(32).toString('base64url');
export const hashSurveyToken = (token: string): string => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

export type SurveyStatus = 'open' | 'answered' | 'expired';

export function surveyStatus(s: { answered_at?: unknown; expires_at?: unknown }, now: Date): SurveyStatus {
  if (s.answered_at) return 'answered';
  if (s.expires_at && new Date(s.expires_at as string).getTime() <= now.getTime()) return 'expired';
  return 'open';
}

export interface SurveyAnswer {
  rating: number;
  comment: string | null;
}

export interface AnswerProblem {
  field: 'token' | 'rating' | 'comment';
  message: string;
}

/** The token from a request body (`token` field): well-formed or a problem. */
export function readToken(body: unknown): { token: string | null; problem: AnswerProblem | null } {
  const t = body && typeof body === 'object' ? (body as Record<string, unknown>).token : undefined;
  if (typeof t !== 'string' || !t) return { token: null, problem: { field: 'token', message: 'token is required: open the link from your e-mail.' } };
  return { token: t, problem: null };
}

export function parseAnswer(body: unknown): { answer: SurveyAnswer | null; problems: AnswerProblem[] } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const problems: AnswerProblem[] = [];
  const rating = b.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    problems.push({ field: 'rating', message: 'rating must be a whole number from 1 (very dissatisfied) to 5 (very satisfied).' });
  }
  let comment: string | null = null;
  if (b.comment !== undefined && b.comment !== null) {
    if (typeof b.comment !== 'string') problems.push({ field: 'comment', message: 'comment must be text.' });
    else if (b.comment.length > COMMENT_MAX) problems.push({ field: 'comment', message: `comment is too long (at most ${COMMENT_MAX} characters).` });
    else comment = b.comment.trim() || null;
  }
  return { answer: problems.length ? null : { rating: rating as number, comment }, problems };
}
