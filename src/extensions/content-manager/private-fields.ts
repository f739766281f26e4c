/**
 * Private attributes never leave the server through the Content Manager either (issue 9). Strapi's
 * Content Manager answers admins with every field their role may read and populates related records
 * whole in lists (a ticket's survey came with its token: whoever holds it answers the survey as the
 * customer). After each document answer of the Content Manager, this removes from the document and
 * from every related record or component in it the attributes their schema marks `private` or
 * `password` — except e-mail addresses, which the Content Manager shows staff as labels.
 */
type Attribute = { type?: string; private?: boolean; target?: string; component?: string; components?: string[] };
type Model = { attributes: Record<string, Attribute> } | undefined;
type Ctx = { params?: { model?: string }; body?: unknown };
type Handler = (ctx: Ctx, next?: unknown) => Promise<unknown>;
type Answer = { data?: unknown; results?: unknown; meta?: { availableStatus?: unknown } };

const isSecret = (a: Attribute) => a.type === 'password' || (a.private === true && a.type !== 'relation' && a.type !== 'email');

export function stripPrivate(uid: string | undefined, value: unknown, depth = 0): void {
  if (!uid || depth > 8 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) stripPrivate(uid, v, depth);
    return;
  }
  const model = strapi.getModel(uid as any) as Model;
  if (!model) return;
  const doc = value as Record<string, unknown>;
  for (const [name, attribute] of Object.entries(model.attributes)) {
    if (!(name in doc)) continue;
    if (isSecret(attribute)) delete doc[name];
    else if (attribute.type === 'relation') stripPrivate(attribute.target, doc[name], depth + 1);
    else if (attribute.type === 'component') stripPrivate(attribute.component, doc[name], depth + 1);
    else if (attribute.type === 'dynamiczone' && Array.isArray(doc[name])) {
      for (const item of doc[name] as Array<{ __component?: string }>) stripPrivate(item?.__component, item, depth + 1);
    }
  }
}

/** Wraps every action of a Content Manager document controller so that its answer is stripped. */
export function stripControllerAnswers(controller: Record<string, unknown>) {
  for (const [action, handler] of Object.entries(controller)) {
    if (typeof handler !== 'function') continue;
    controller[action] = async function (this: unknown, ctx: Ctx, next?: unknown) {
      const result = await (handler as Handler).call(this, ctx, next);
      // An action sets ctx.body or returns the body (Strapi then answers with it): strip either.
      for (const body of [ctx.body, result] as Array<Answer | undefined>) {
        if (!body || typeof body !== 'object') continue;
        // The document (under data, or the body itself), a list, and the document's other versions.
        const wrapped = 'data' in body || 'results' in body;
        for (const part of [body.data, body.results, body.meta?.availableStatus, wrapped ? undefined : body]) stripPrivate(ctx.params?.model, part);
      }
      return result;
    };
  }
}
