/** Survey tokens (random, stored as SHA-256), survey status and answer validation (surveys/token.ts). */
import crypto from 'crypto';
import { hashSurveyToken, newSurveyToken, parseAnswer, readToken, surveyStatus, TOKEN_PATTERN } from '../../src/plugins/support-desk/server/src/surveys/token';

describe('survey tokens', () => {
  it('are 43 base64url characters (32 random bytes), different each time; the stored form is their SHA-256 hex', () => {
    const a = newSurveyToken();
    const b = newSurveyToken();
    expect(a).toMatch(TOKEN_PATTERN);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(hashSurveyToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSurveyToken(a)).toBe(crypto.createHash('sha256').update(a).digest('hex'));
  });
  it('status: answered wins, then expired (at the instant of expiry), else open', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(surveyStatus({ answered_at: '2026-11-30T00:00:00Z', expires_at: '2026-11-01T00:00:00Z' }, now)).toBe('answered');
    expect(surveyStatus({ expires_at: '2026-12-01T10:00:00Z' }, now)).toBe('expired');
    expect(surveyStatus({ expires_at: '2026-12-01T10:00:01Z' }, now)).toBe('open');
    expect(surveyStatus({ expires_at: null }, now)).toBe('open');
  });
});

describe('survey answers', () => {
  it.each([
    [{ rating: 1 }, { rating: 1, comment: null }],
    [{ rating: 5, comment: '  很好  ' }, { rating: 5, comment: '很好' }],
    [{ rating: 3, comment: '   ' }, { rating: 3, comment: null }],
    [{ rating: 3, comment: null }, { rating: 3, comment: null }],
  ])('%j is taken as %j', (body, expected) => {
    expect(parseAnswer(body)).toEqual({ answer: expected, problems: [] });
  });
  it.each([
    [{}, ['rating']],
    [{ rating: 0 }, ['rating']],
    [{ rating: 6 }, ['rating']],
    [{ rating: '4' }, ['rating']],
    [{ rating: 2.5 }, ['rating']],
    [{ rating: 4, comment: 7 }, ['comment']],
    [{ rating: 4, comment: 'x'.repeat(2001) }, ['comment']],
    [{ rating: 9, comment: ['a'] }, ['rating', 'comment']],
  ])('%j is refused naming %j', (body, fields) => {
    const { answer, problems } = parseAnswer(body);
    expect(answer).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(fields);
  });
  it('the token must be a non-empty string', () => {
    expect(readToken({ token: 'x' })).toEqual({ token: 'x', problem: null });
    for (const body of [{}, { token: '' }, { token: 5 }, null, 'token']) expect(readToken(body).problem?.field).toBe('token');
  });
});
