/**
 * Public survey routes, mounted at /api/support-desk/surveys/... — no login (`auth: false`): the
 * survey token in the body is the credential. Answers are limited per client address, shared by all
 * instances (SURVEY_ANSWER_LIMIT / SURVEY_ANSWER_WINDOW_MS).
 */
export default [
  { method: 'POST', path: '/surveys/lookup', handler: 'surveys.lookup', config: { auth: false, policies: [] } },
  { method: 'POST', path: '/surveys/answer', handler: 'surveys.answer', config: { auth: false, policies: [{ name: 'plugin::support-desk.rate-limit', config: { name: 'surveyAnswers', per: 'ip' } }] } },
];
