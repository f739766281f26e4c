/**
 * Document-service middleware on escalations: one that is created anywhere but the escalations
 * service (the Content Manager, core REST, API tokens) is raised through that service, so it gets
 * what an escalation means wherever it comes from — the ticket's escalation_level up by one (with the
 * ticket's current version), the internal `escalation` event and the department contacts notified.
 */
import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { relationTargetId } from '../utils/relations';
import { currentActor } from '../utils/caller';
import { isEscalationServiceWrite } from '../workflow/escalation-scope';
import { ESCALATION_UID, TICKET_UID } from '../constants';


const escalationWrites =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (ctx, next) => {
    if (ctx.uid !== ESCALATION_UID || ctx.action !== 'create' || isEscalationServiceWrite()) return next();
    const params = (ctx.params ?? {}) as { data?: Record<string, unknown>; populate?: unknown; fields?: unknown };
    const data = params.data ?? {};
    const ticketId = await relationTargetId(strapi, TICKET_UID, 'ticket', data.ticket);
    if (!ticketId) {
      throw new errors.ValidationError('ticket is required: choose the ticket to escalate.', { errors: [{ path: ['ticket'], message: 'required', name: 'ValidationError' }] });
    }
    const ticket = await strapi.db.query(TICKET_UID).findOne({ where: { id: ticketId }, select: ['documentId', 'version'] });
    if (!ticket) throw new errors.ValidationError(`No ticket ${ticketId}.`, { errors: [{ path: ['ticket'], message: 'unknown ticket', name: 'ValidationError' }] });
    const result = await getService('escalations').escalate(
      ticket.documentId,
      { department: data.department as string, reason: data.reason as string, version: ticket.version },
      currentActor(strapi),
    );
    return strapi.documents(ESCALATION_UID as any).findOne({ documentId: result.escalation.documentId, populate: params.populate as any, fields: params.fields as any });
  };

export default escalationWrites;
