/**
 * OpenAPI description of the customer API (routes/customer.ts, controllers/customer-tickets.ts,
 * services/customer-tickets.ts, contracts/customer.ts): paths and schemas. Pure data. Field lists,
 * enums and page sizes come from the modules the controller validates with; the length limits are
 * the controller's and the tickets service's (tests/integration/openapi.test.ts checks them).
 */
import { ACTION_FIELDS, COMMENT_FIELDS, CREATE_FIELDS, CUSTOMER_VERBS, DEFAULT_PAGE_SIZE, LIST_PARAMS, MAX_PAGE_SIZE, type CustomerAction } from '../contracts/customer';
import { ACTOR_KINDS, TICKET_STATUSES, TICKET_TYPES } from '../workflow/state-machine';
import { LEVELS, PRIORITIES } from '../workflow/priority';
import eventSchema from '../content-types/ticket-event/schema.json';
import { ENROLLMENT_REFUSAL_CODES } from '../trainings/enrollment';
import { RMA_OUTCOMES, RMA_STATES } from '../rma/state-machine';
import { NOTICE_SEVERITIES } from '../notices';
import { body, dateTime, error, json, nullableDateTime, ref, tooManyRequests } from './common';

/** Ticket channels (api::ticket.ticket `channel`): a customer sees tickets opened on any of them. */
export const TICKET_CHANNELS = ['phone', 'email', 'web', 'portal', 'api', 'onsite'] as const;
export const CUSTOMER_ACTIONS: readonly CustomerAction[] = ['comment', ...(Object.keys(CUSTOMER_VERBS) as CustomerAction[])];

/** Limits enforced by the controller (customer-tickets.ts) and the tickets service (comment body). */
export const CUSTOMER_LIMITS = { subject: 200, description: 20000, asset_serial: 100, reason: 2000, comment: 20000 } as const;

const security = [{ customerJwt: [] }];
const tags = ['Customer tickets'];

const documentId = { name: 'documentId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'The ticket documentId (as returned in data.documentId).' };

const orNull = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, 'null'], ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) });
const text = (max: number, extra: Record<string, unknown> = {}) => ({ type: 'string', maxLength: max, ...extra });

const authErrors = {
  '401': error('The bearer token is invalid or expired: log in again (POST /api/auth/local).'),
  '403': error(
    'Not a customer contact: no token (Public), an API token, a users-permissions user without the Customer role, or a contact not linked to an organization. The message says which.',
  ),
};
const notFound = { '404': error('No such ticket in your organization: another organization\'s ticket is answered exactly like an unknown one.') };
const badInput = (what: string) => ({ '400': error(`${what} Nothing was written; error.details.errors[].path names each refused field.`, 'ValidationError') });
const conflict = (what: string) => ({ '409': error(what, 'ConflictError') });
const ticketResponse = (status: '200' | '201', description: string) => ({ [status]: json(description, ref('CustomerTicketResponse')) });

/** Request bodies: exactly the fields the controller accepts (anything else is 400 naming it). */
const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['subject'],
  properties: {
    subject: text(CUSTOMER_LIMITS.subject, { minLength: 1, description: 'One line: what the problem is. Trimmed; required (not blank).' }),
    description: orNull(text(CUSTOMER_LIMITS.description, { description: 'Details. Trimmed; blank is stored as null.' })),
    type: orNull({ type: 'string', enum: [...TICKET_TYPES], description: 'Default fault.' }),
    urgency: orNull({ type: 'string', enum: [...LEVELS], description: 'Default medium. With impact it gives the priority (high/high → P1 … low/low → P4).' }),
    impact: orNull({ type: 'string', enum: [...LEVELS], description: 'Default medium.' }),
    asset_serial: orNull(text(CUSTOMER_LIMITS.asset_serial, { description: "Serial number of one of your organization's assets (else 400 naming asset_serial)." })),
    channel: { type: ['string', 'null'], enum: ['portal', null], description: 'Always portal here; may be left out.' },
  },
};
const commentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['body'],
  properties: { body: { type: 'string', minLength: 1, maxLength: CUSTOMER_LIMITS.comment, description: 'The comment text (public). Trimmed; not blank.' } },
};
const actionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { type: 'integer', minimum: 1, description: 'data.version of the ticket as you last read it; a stale one is 409.' },
    reason: orNull(text(CUSTOMER_LIMITS.reason, { description: 'Why (reject, reopen): shown on the public timeline. Trimmed.' })),
  },
};

const VERB_TEXT: Record<keyof typeof CUSTOMER_VERBS, { summary: string; from: string }> = {
  approve: { summary: 'Approve the proposed solution', from: 'solution_proposed → in_progress (the support desk implements it)' },
  reject: { summary: 'Reject the proposed solution', from: 'solution_proposed → in_progress (give a reason)' },
  confirm: { summary: 'Confirm the resolution and close the ticket', from: 'resolved → closed' },
  reopen: { summary: 'Reopen a resolved or recently closed ticket', from: 'resolved or closed (within the reopen window, 7 days by default) → in_progress' },
};

const verbPaths = Object.fromEntries(
  (Object.keys(CUSTOMER_VERBS) as Array<keyof typeof CUSTOMER_VERBS>).map((verb) => [
    `/customer/tickets/{documentId}/${verb}`,
    {
      post: {
        operationId: `customerTicket${verb[0].toUpperCase()}${verb.slice(1)}`,
        tags,
        summary: VERB_TEXT[verb].summary,
        description: `Workflow action \`${CUSTOMER_VERBS[verb]}\`: ${VERB_TEXT[verb].from}. data.actions says whether it is possible now. Accepted fields: ${ACTION_FIELDS.join(', ')}.`,
        security,
        parameters: [documentId],
        requestBody: body(actionBody),
        responses: {
          ...ticketResponse('200', 'Done: the ticket and its public timeline'),
          ...badInput(
            'Missing version, an unknown or protected field, a reason too long, or the action is not allowed in the current status (error.details.code, .status and .allowed say why and what is).',
          ),
          ...authErrors,
          ...notFound,
          ...conflict('The ticket changed since that version (error.details.currentVersion). Reload it and decide again.'),
        },
      },
    },
  ]),
);

// --- trainings (controllers/trainings.ts, services/trainings.ts) -------------------------------

const trainingTags = ['Customer trainings'];
const noBody = { type: 'object', additionalProperties: false, properties: {}, description: 'No fields (an empty object, or no body).' };
const sessionId = { name: 'documentId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'The training session documentId (GET /customer/trainings).' };
const enrollmentId = { name: 'documentId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'Your enrollment documentId (GET /customer/enrollments).' };

function trainingPaths() {
  return {
    '/customer/trainings': {
      get: {
        operationId: 'customerListTrainings',
        tags: trainingTags,
        summary: 'Upcoming sessions of customer trainings, soonest first',
        description: 'Sessions that have not started and take enrollments (scheduled, open or full: a full session puts you on the waiting list).',
        security,
        parameters: [{ name: 'product_line', in: 'query', schema: { type: 'string' }, description: 'Only trainings of these product lines: one, or a comma-separated list.' }],
        responses: { '200': json('Upcoming sessions', ref('CustomerTrainingSessionList')), ...authErrors },
      },
    },
    '/customer/trainings/{documentId}/enroll': {
      post: {
        operationId: 'customerEnrollTraining',
        tags: trainingTags,
        summary: 'Enroll in a session (or join its waiting list when it is full)',
        description: 'With a free seat you are enrolled; otherwise you are waitlisted and get a seat automatically, in order, when one frees up (you are told by e-mail).',
        security,
        parameters: [sessionId],
        requestBody: body(noBody, false),
        responses: {
          '201': json('Enrolled or waitlisted (waitlist_position)', ref('CustomerEnrollmentResponse')),
          '400': error('Already enrolled or waitlisted on this session, the session has started, is cancelled or completed, or the body has a field. Nothing was written.', 'TrainingValidationError'),
          ...authErrors,
          '404': error('No such session among the customer trainings.'),
        },
      },
    },
    '/customer/enrollments': {
      get: {
        operationId: 'customerListEnrollments',
        tags: trainingTags,
        summary: 'Your enrollments, newest first',
        security,
        responses: { '200': json('Your enrollments', ref('CustomerEnrollmentList')), ...authErrors },
      },
    },
    '/customer/enrollments/{documentId}/cancel': {
      post: {
        operationId: 'customerCancelEnrollment',
        tags: trainingTags,
        summary: 'Cancel your enrollment (your seat goes to the first on the waiting list)',
        security,
        parameters: [enrollmentId],
        requestBody: body(noBody, false),
        responses: {
          '200': json('Cancelled', ref('CustomerEnrollmentResponse')),
          '400': error('The enrollment is not enrolled or waitlisted (already cancelled, attended …), or the body has a field. Nothing was written.', 'TrainingValidationError'),
          ...authErrors,
          '404': error("No such enrollment of yours: another contact's enrollment is answered exactly like an unknown one."),
        },
      },
    },
  };
}

// --- technical update notices (controllers/update-notices.ts, contracts/update-notice.ts) ------

const noticeTags = ['Technical update notices'];

function noticePaths() {
  return {
    '/customer/update-notices': {
      get: {
        operationId: 'customerListUpdateNotices',
        tags: noticeTags,
        summary: "Published technical update notices concerning your organization's equipment, newest first",
        description: "A notice concerns product lines and/or models; it is listed when one of your organization's assets has one of them (the assets are named). Title and notes in your language (your profile, else Accept-Language), both translations beside.",
        security,
        responses: { '200': json('The notices', ref('CustomerUpdateNoticeList')), ...authErrors },
      },
    },
    '/customer/update-notices/{documentId}': {
      get: {
        operationId: 'customerGetUpdateNotice',
        tags: noticeTags,
        summary: 'One technical update notice',
        security,
        parameters: [{ name: 'documentId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'The notice documentId (GET /customer/update-notices).' }],
        responses: {
          '200': json('The notice', ref('CustomerUpdateNoticeResponse')),
          ...authErrors,
          '404': error("No such published notice concerning your organization's equipment: another organization's notice is answered exactly like an unknown one."),
        },
      },
    },
  };
}

const noticeText = { type: 'object', additionalProperties: false, required: ['title', 'notes'], properties: { title: { type: ['string', 'null'] }, notes: { type: ['string', 'null'] } } };
const noticeSchemas = {
  CustomerUpdateNotice: {
    type: 'object',
    additionalProperties: false,
    required: ['documentId', 'version', 'severity', 'locale', 'title', 'notes', 'translations', 'product_lines', 'models', 'published_at', 'updated_at', 'assets'],
    properties: {
      documentId: { type: 'string' },
      version: { type: 'string' },
      severity: { type: 'string', enum: [...NOTICE_SEVERITIES] },
      locale: { type: 'string', enum: ['en', 'zh-Hans'], description: 'The language of title and notes.' },
      title: { type: 'string' },
      notes: { type: ['string', 'null'] },
      translations: { type: 'object', additionalProperties: false, required: ['en', 'zh-Hans'], properties: { en: noticeText, 'zh-Hans': noticeText } },
      product_lines: { type: 'array', items: { type: 'string' } },
      models: { type: 'array', items: { type: 'string' } },
      published_at: { ...nullableDateTime, description: 'First published.' },
      updated_at: { ...nullableDateTime, description: 'When the current text was published.' },
      assets: {
        type: 'array',
        description: "Your organization's assets the notice concerns.",
        items: { type: 'object', additionalProperties: false, required: ['serial_number', 'model', 'product_line'], properties: { serial_number: { type: 'string' }, model: { type: ['string', 'null'] }, product_line: { type: ['string', 'null'] } } },
      },
    },
  },
  CustomerUpdateNoticeList: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: { type: 'array', items: ref('CustomerUpdateNotice') } } },
  CustomerUpdateNoticeResponse: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: ref('CustomerUpdateNotice') } },
};

// --- returns (controllers/rmas.ts, services/rmas.ts) --------------------------------------------

const returnTags = ['Customer returns'];

function returnPaths() {
  return {
    '/customer/tickets/{documentId}/returns': {
      get: {
        operationId: 'customerListReturns',
        tags: returnTags,
        summary: 'Returns (RMA) opened on one of your tickets',
        security,
        parameters: [documentId],
        responses: { '200': json('The returns of the ticket, oldest first', ref('CustomerReturnList')), ...authErrors, ...notFound },
      },
      post: {
        operationId: 'customerOpenReturn',
        tags: returnTags,
        summary: 'Open a return for one of your assets',
        description: "The asset is named by its serial number (else the ticket's asset). In or out of warranty is decided from the asset on the day the return is opened. The support desk approves it (repair, exchange or refund) or rejects it; each step is on the ticket's public timeline.",
        security,
        parameters: [documentId],
        requestBody: body({
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 2000, description: 'What is wrong with the unit.' }, asset_serial: { type: ['string', 'null'], maxLength: 100, description: "Serial number of one of your organization's assets." } },
        }),
        responses: {
          '201': json('Opened (status requested)', ref('CustomerReturnResponse')),
          ...badInput('A missing reason, an asset that is not one of your organization\'s (or none on the ticket), an asset that already has an open return, or a field that is not accepted.'),
          ...authErrors,
          ...notFound,
        },
      },
    },
    '/customer/returns/{documentId}/cancel': {
      post: {
        operationId: 'customerCancelReturn',
        tags: returnTags,
        summary: 'Cancel your return while it is requested',
        security,
        parameters: [{ name: 'documentId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'The return documentId.' }],
        requestBody: body({ type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } }),
        responses: {
          '200': json('Cancelled', ref('CustomerReturnResponse')),
          ...badInput('A missing reason, a return that is no longer requested, or a field that is not accepted.'),
          ...authErrors,
          '403': error('The support desk has already approved the return: only it may change it now (or: not a customer contact).'),
          '404': error("No such return in your organization: another organization's return is answered exactly like an unknown one."),
          ...conflict('The return changed meanwhile: reload it.'),
        },
      },
    },
  };
}

export const customerPaths = {
  '/customer/tickets': {
    get: {
      operationId: 'customerListTickets',
      tags,
      summary: "Your organization's tickets, newest first",
      description: `Tickets of every contact of your organization. Accepted query parameters: ${LIST_PARAMS.join(', ')}; any other is 400.`,
      security,
      parameters: [
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
        {
          name: 'pageSize',
          in: 'query',
          schema: { type: 'integer', minimum: 1, default: DEFAULT_PAGE_SIZE },
          description: `Capped at ${MAX_PAGE_SIZE} (larger values are answered with ${MAX_PAGE_SIZE} rows).`,
        },
        {
          name: 'status',
          in: 'query',
          style: 'form',
          explode: false,
          schema: { type: 'array', items: { type: 'string', enum: [...TICKET_STATUSES] } },
          description: 'Only tickets in these statuses: one, or a comma-separated list (status=new,in_progress).',
        },
      ],
      responses: {
        '200': json('A page of tickets', ref('CustomerTicketList')),
        ...badInput('An unknown query parameter (filters, sort, populate … are refused), an unknown status, or a page or pageSize that is not a positive integer.'),
        ...authErrors,
      },
    },
    post: {
      operationId: 'customerCreateTicket',
      tags,
      summary: 'Open a ticket',
      description: `Organization and requester are the caller's; channel is portal. Accepted fields: ${CREATE_FIELDS.join(', ')}. Any other field — status, number, version, priority, requester, organization, assignee, SLA fields, timestamps … — is refused with 400 naming it (nothing is written). The answer suggests public KB articles that may answer the ticket.`,
      security,
      requestBody: body(createBody),
      responses: {
        '201': json('Created: the ticket, its public timeline and KB suggestions', ref('CustomerCreateTicketResponse')),
        ...badInput('Missing subject, a value too long or not in its list, an asset_serial that is not one of your organization\'s, a channel other than portal, fields wrapped in "data", or a field that is not accepted.'),
        ...authErrors,
        ...tooManyRequests('Too many tickets opened from this account (CUSTOMER_TICKET_LIMIT per CUSTOMER_TICKET_WINDOW_MS); nothing was written.'),
      },
    },
  },
  '/customer/tickets/{documentId}': {
    get: {
      operationId: 'customerGetTicket',
      tags,
      summary: 'One ticket with its public timeline',
      security,
      parameters: [documentId],
      responses: { ...ticketResponse('200', 'The ticket and its public timeline (oldest first)'), ...authErrors, ...notFound },
    },
  },
  '/customer/tickets/{documentId}/comments': {
    post: {
      operationId: 'customerCommentTicket',
      tags,
      summary: 'Add a public comment (your reply)',
      description: `On a ticket awaiting_customer the comment is your reply and moves it back to in_progress. Closed and cancelled tickets take no comments (400: reopen instead). Accepted fields: ${COMMENT_FIELDS.join(', ')}.`,
      security,
      parameters: [documentId],
      requestBody: body(commentBody),
      responses: {
        ...ticketResponse('201', 'Added: the ticket and its public timeline'),
        ...badInput('A missing, blank, non-string or too long body, another field (e.g. visibility), or the ticket is closed or cancelled.'),
        ...authErrors,
        ...notFound,
        ...conflict('A reply to a ticket awaiting you raced with another change of the ticket: send it again.'),
        ...tooManyRequests('Too many comments from this account (CUSTOMER_COMMENT_LIMIT per CUSTOMER_COMMENT_WINDOW_MS); nothing was written.'),
      },
    },
  },
  ...verbPaths,
  ...trainingPaths(),
  ...returnPaths(),
  ...noticePaths(),
};

const ticketEventKinds = eventSchema.attributes.kind.enum as string[];

const returnSchemas = {
  CustomerReturn: {
    type: 'object',
    additionalProperties: false,
    required: ['documentId', 'number', 'status', 'reason', 'under_warranty', 'outcome', 'decision_reason', 'asset', 'ticket', 'received_at', 'completed_at', 'createdAt', 'actions'],
    properties: {
      documentId: { type: 'string' },
      number: { type: 'string', pattern: '^RMA-[0-9]{6,}$' },
      status: { type: 'string', enum: [...RMA_STATES] },
      reason: { type: ['string', 'null'] },
      under_warranty: { type: 'boolean' },
      outcome: { type: ['string', 'null'], enum: [...RMA_OUTCOMES, null] },
      decision_reason: { type: ['string', 'null'], description: 'Why it was rejected or cancelled, or a note on the approval.' },
      asset: { type: ['object', 'null'], additionalProperties: false, required: ['serial_number', 'model'], properties: { serial_number: { type: 'string' }, model: { type: ['string', 'null'] } } },
      ticket: { type: ['object', 'null'], additionalProperties: false, required: ['documentId', 'number'], properties: { documentId: { type: 'string' }, number: { type: 'string' } } },
      received_at: nullableDateTime,
      completed_at: nullableDateTime,
      createdAt: nullableDateTime,
      actions: { type: 'array', items: { type: 'string', enum: ['cancel'] }, description: 'What you may do now.' },
    },
  },
  CustomerReturnResponse: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: ref('CustomerReturn') } },
  CustomerReturnList: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: { type: 'array', items: ref('CustomerReturn') } } },
};

const trainingSchemas = {
  TrainingValidationError: {
    description: 'A 400 of the training routes: the enrollment is refused (details.code says why) or the body has a field (details.errors). Nothing was written.',
    allOf: [
      ref('Error'),
      {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              status: { const: 400 },
              details: { type: 'object', properties: { code: { type: 'string', enum: [...ENROLLMENT_REFUSAL_CODES] }, errors: { type: 'array', items: { type: 'object' } } } },
            },
          },
        },
      },
    ],
  },
  CustomerTrainingSession: {
    type: 'object',
    additionalProperties: false,
    required: ['documentId', 'training', 'starts_at', 'ends_at', 'location', 'capacity', 'seats_left', 'status'],
    properties: {
      documentId: { type: 'string' },
      training: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'title', 'product_line', 'description', 'duration_hours'],
        properties: { code: { type: 'string' }, title: { type: 'string' }, product_line: { type: ['string', 'null'] }, description: { type: ['string', 'null'] }, duration_hours: { type: ['number', 'null'] } },
      },
      starts_at: dateTime,
      ends_at: nullableDateTime,
      location: { type: ['string', 'null'] },
      capacity: { type: 'integer', minimum: 1 },
      seats_left: { type: 'integer', minimum: 0, description: '0: enrolling puts you on the waiting list.' },
      status: { type: 'string', enum: ['scheduled', 'open', 'full'] },
    },
  },
  CustomerTrainingSessionList: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: { type: 'array', items: ref('CustomerTrainingSession') } } },
  CustomerEnrollment: {
    type: 'object',
    additionalProperties: false,
    required: ['documentId', 'status', 'enrolled_at', 'score', 'session'],
    properties: {
      documentId: { type: 'string' },
      status: { type: 'string', enum: ['enrolled', 'waitlisted', 'attended', 'no_show', 'cancelled'] },
      enrolled_at: nullableDateTime,
      score: { type: ['number', 'null'], minimum: 0, maximum: 100 },
      waitlist_position: { type: ['integer', 'null'], minimum: 1, description: 'On enroll: your place on the waiting list (null when enrolled).' },
      session: {
        type: 'object',
        additionalProperties: false,
        required: ['documentId', 'starts_at', 'ends_at', 'location', 'training'],
        properties: {
          documentId: { type: 'string' },
          starts_at: nullableDateTime,
          ends_at: nullableDateTime,
          location: { type: ['string', 'null'] },
          training: { type: 'object', additionalProperties: false, required: ['code', 'title'], properties: { code: { type: 'string' }, title: { type: 'string' } } },
        },
      },
    },
  },
  CustomerEnrollmentResponse: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: ref('CustomerEnrollment') } },
  CustomerEnrollmentList: { type: 'object', additionalProperties: false, required: ['data'], properties: { data: { type: 'array', items: ref('CustomerEnrollment') } } },
};

export const customerSchemas = {
  ...trainingSchemas,
  ...returnSchemas,
  ...noticeSchemas,
  CustomerTicket: {
    type: 'object',
    description: 'A ticket as a customer contact sees it: exactly these fields (no assignee, group, SLA contract, root cause or internal data).',
    additionalProperties: false,
    required: [
      'documentId', 'number', 'subject', 'description', 'status', 'priority', 'channel', 'type', 'urgency', 'impact', 'asset', 'requester', 'solution',
      'first_response_due_at', 'resolution_due_at', 'resolved_at', 'closed_at', 'createdAt', 'updatedAt', 'version', 'actions',
    ],
    properties: {
      documentId: { type: 'string' },
      number: { type: 'string', pattern: '^[A-Z]{2,5}-[0-9]{6,}$', description: 'Human ticket number, e.g. TS-000123.' },
      subject: { type: 'string' },
      description: { type: ['string', 'null'] },
      status: { type: 'string', enum: [...TICKET_STATUSES] },
      priority: { type: 'string', enum: [...PRIORITIES] },
      channel: { type: 'string', enum: [...TICKET_CHANNELS] },
      type: { type: 'string', enum: [...TICKET_TYPES] },
      urgency: { type: 'string', enum: [...LEVELS] },
      impact: { type: 'string', enum: [...LEVELS] },
      asset: {
        type: ['object', 'null'],
        additionalProperties: false,
        required: ['serial_number', 'model'],
        properties: { serial_number: { type: 'string' }, model: { type: ['string', 'null'] } },
      },
      requester: {
        type: ['object', 'null'],
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string' } },
        description: 'The contact who opened it.',
      },
      solution: { type: ['string', 'null'], description: 'The proposed solution (solution_proposed) or the resolution (resolved, closed); null otherwise.' },
      first_response_due_at: { ...nullableDateTime, description: 'When the first answer is due (SLA).' },
      resolution_due_at: { ...nullableDateTime, description: 'When the resolution is due (SLA); null while the clock is paused (waiting for you, solution proposed, resolved).' },
      resolved_at: nullableDateTime,
      closed_at: nullableDateTime,
      createdAt: dateTime,
      updatedAt: dateTime,
      version: { type: 'integer', minimum: 1, description: 'Send it back with approve, reject, confirm and reopen.' },
      actions: {
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', enum: [...CUSTOMER_ACTIONS] },
        description: 'What you may do now, named as the endpoints are.',
      },
    },
  },
  CustomerTimelineEntry: {
    type: 'object',
    description: 'A public timeline event (internal events never appear).',
    additionalProperties: false,
    required: ['id', 'kind', 'from_status', 'to_status', 'actor_type', 'actor_name', 'body', 'createdAt'],
    properties: {
      id: { type: 'integer' },
      kind: { type: 'string', enum: ticketEventKinds },
      from_status: { type: ['string', 'null'], enum: [...TICKET_STATUSES, null] },
      to_status: { type: ['string', 'null'], enum: [...TICKET_STATUSES, null] },
      actor_type: { type: 'string', enum: [...ACTOR_KINDS] },
      actor_name: { type: ['string', 'null'] },
      body: { type: ['string', 'null'], description: 'The message, comment or reason; for on-site visits, parts, returns and surveys the event told in the customer’s language (preferred locale en or zh-Hans) and the desk’s time zone.' },
      createdAt: dateTime,
    },
  },
  CustomerKbSuggestion: {
    type: 'object',
    additionalProperties: false,
    required: ['documentId', 'slug', 'title', 'summary', 'locale'],
    properties: { documentId: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' }, summary: { type: ['string', 'null'] }, locale: { type: 'string' } },
    description: 'A public published KB article (GET /kb/articles/{slug}).',
  },
  CustomerTicketList: {
    type: 'object',
    additionalProperties: false,
    required: ['data', 'meta'],
    properties: {
      data: { type: 'array', items: ref('CustomerTicket') },
      meta: {
        type: 'object',
        additionalProperties: false,
        required: ['pagination'],
        properties: {
          pagination: {
            type: 'object',
            additionalProperties: false,
            required: ['page', 'pageSize', 'pageCount', 'total'],
            properties: { page: { type: 'integer', minimum: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE }, pageCount: { type: 'integer', minimum: 0 }, total: { type: 'integer', minimum: 0 } },
          },
        },
      },
    },
  },
  CustomerTicketResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['data', 'meta'],
    properties: {
      data: ref('CustomerTicket'),
      meta: { type: 'object', additionalProperties: false, required: ['timeline'], properties: { timeline: { type: 'array', items: ref('CustomerTimelineEntry') } } },
    },
  },
  CustomerCreateTicketResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['data', 'meta'],
    properties: {
      data: ref('CustomerTicket'),
      meta: {
        type: 'object',
        additionalProperties: false,
        required: ['timeline', 'suggestions'],
        properties: { timeline: { type: 'array', items: ref('CustomerTimelineEntry') }, suggestions: { type: 'array', items: ref('CustomerKbSuggestion') } },
      },
    },
  },
};
