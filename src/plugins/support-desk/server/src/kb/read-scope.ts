/**
 * The read scope of KB articles for Public and Customer callers, applied at every depth of a
 * document-service query. Pure: the schemas come in as a lookup function, nothing is read from Strapi.
 *
 * Semantics. A query may reach `kb-article` rows through any relation whose target is kb-article
 * (a category's `articles`, an article's `localizations`, a ticket's `related_articles`, …) in
 * `filters`, in `populate` (and a populate's own `filters`/`populate`/`sort`) and in `sort`.
 * - filters: every relation node that targets kb-article becomes `{ $and: [<its condition>, SCOPE] }`
 *   on the same joined row, so an internal or draft row never satisfies any condition written on it:
 *   whatever a caller writes about it (`$contains`, `$not`, `$or`, …), the answer is the one it would
 *   be if that row did not hold the word — a filter cannot be turned into a content oracle.
 * - populate: every populated relation that targets kb-article gets SCOPE in its filters (`*` is
 *   expanded where a level has such a relation), so internal and draft rows are never returned.
 * - sort: an ORDER BY over a joined kb-article row cannot be scoped (the order would reveal the hidden
 *   text), so a sort path that crosses a relation into kb-article is refused (400 naming `sort`).
 *   Sorting the articles a query already scopes (the root, a populated `articles`) by their own
 *   fields is fine.
 * The root of a kb-article query is scoped by the caller (status `published` + SCOPE on the filters).
 */
import { errors } from '@strapi/utils';

export interface ScopeAttribute {
  type: string;
  target?: string;
  component?: string;
  components?: string[];
  private?: boolean;
}
export type ModelLookup = (uid: string) => { attributes: Record<string, ScopeAttribute> } | undefined;

/** What is hidden: rows of `uid` that do not satisfy `filter`. */
export interface ReadScope {
  uid: string;
  filter: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOperator = (k: string) => k.startsWith('$');
const GROUP = ['$and', '$or'];
const POPULATABLE = ['relation', 'component', 'dynamiczone', 'media'];
/** Strapi's own bookkeeping relations, never part of `populate=*` on the content API. */
const NOT_IN_STAR = ['createdBy', 'updatedBy'];

function refuse(param: string, message: string): never {
  throw new errors.ValidationError(message, { errors: [{ path: [param], message, name: 'ValidationError' }] });
}

export function createReadScope(getModel: ModelLookup, scope: ReadScope) {
  const attributesOf = (uid: string) => getModel(uid)?.attributes ?? {};
  const reaches = (attribute: ScopeAttribute | undefined) => attribute?.type === 'relation' && attribute.target === scope.uid;
  const withScope = (condition: Obj | undefined) => (condition && Object.keys(condition).length ? { $and: [condition, scope.filter] } : { ...scope.filter });

  /** A relation node's condition in full form (Strapi reads a bare value or `{ $op }` as one on `id`). */
  function relationCondition(value: unknown, param: string): Obj {
    if (!isObject(value)) return { id: value };
    const keys = Object.keys(value);
    const operators = keys.filter(isOperator);
    if (operators.length && operators.length !== keys.length) refuse(param, `${param}: operators ($…) and field names cannot be mixed at one level; put the field conditions under $and.`);
    if (operators.length !== 1 || GROUP.includes(operators[0])) return value;
    // `$not` over field conditions negates them (on the same row); over a value it is about the id.
    const negated = value.$not;
    if (operators[0] === '$not' && isObject(negated) && Object.keys(negated).some((k) => !isOperator(k) || GROUP.includes(k))) return value;
    return { id: value };
  }

  function filters(uid: string, value: unknown, param: string): unknown {
    if (Array.isArray(value)) return value.map((v, i) => filters(uid, v, `${param}[${i}]`));
    if (!isObject(value)) return value;
    const attributes = attributesOf(uid);
    const out: Obj = {};
    for (const [key, v] of Object.entries(value)) {
      const at = `${param}[${key}]`;
      const attribute = attributes[key];
      if (GROUP.includes(key) || key === '$not') out[key] = isObject(v) ? Object.fromEntries(Object.entries(v).map(([i, s]) => [i, filters(uid, s, `${at}[${i}]`)])) : filters(uid, v, at);
      else if (isOperator(key) || !attribute) out[key] = v;
      else if (attribute.type === 'relation' && attribute.target) {
        const inner = filters(attribute.target, relationCondition(v, at), at) as Obj;
        out[key] = reaches(attribute) ? withScope(inner) : inner;
      } else if (attribute.type === 'component' && attribute.component) out[key] = filters(attribute.component, v, at);
      else out[key] = v;
    }
    return out;
  }

  /** Sort paths (`a.b:asc`, `a:asc,b:desc`, `{ a: { b: 'asc' } }`, arrays of these) as attribute chains. */
  function sortPaths(value: unknown): string[][] {
    if (typeof value === 'string') return value.split(',').map((s) => s.trim().split(':')[0].split('.'));
    if (Array.isArray(value)) return value.flatMap(sortPaths);
    if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => (isObject(v) || Array.isArray(v) ? sortPaths(v).map((p) => [k, ...p]) : [[k]]));
    return [];
  }

  function sort(uid: string, value: unknown, param: string) {
    for (const path of sortPaths(value)) {
      let current = uid;
      for (const key of path) {
        const attribute = attributesOf(current)[key];
        if (!attribute) break;
        if (reaches(attribute)) {
          refuse(param, `${param}: sorting by ${path.join('.')} is not allowed: it orders by knowledge-base articles the caller may not read. Sort by the fields of the records you query instead.`);
        }
        const next = attribute.type === 'relation' ? attribute.target : attribute.type === 'component' ? attribute.component : undefined;
        if (!next) break;
        current = next;
      }
    }
  }

  /** `a.b,c` / `['a.b', 'c']` → `{ a: { populate: { b: true } }, c: true }`. */
  function populateObject(value: string | string[]): Obj {
    const out: Obj = {};
    for (const path of (Array.isArray(value) ? value : value.split(',')).map((p) => String(p).trim()).filter(Boolean)) {
      let level = out;
      const keys = path.split('.');
      keys.forEach((key, i) => {
        if (i === keys.length - 1) {
          if (!isObject(level[key])) level[key] = true;
          return;
        }
        const node = (isObject(level[key]) ? level[key] : {}) as Obj;
        node.populate = isObject(node.populate) ? node.populate : {};
        level[key] = node;
        level = node.populate as Obj;
      });
    }
    return out;
  }

  /** Whether `uid` has a relation into the scoped type one level down (then `*` must be spelled out). */
  const hasScopedRelation = (uid: string) => Object.values(attributesOf(uid)).some(reaches);

  function starOf(uid: string): Obj {
    return Object.fromEntries(
      Object.entries(attributesOf(uid))
        .filter(([key, a]) => POPULATABLE.includes(a.type) && !a.private && !NOT_IN_STAR.includes(key))
        .map(([key]) => [key, true]),
    );
  }

  function populate(uid: string, value: unknown, param: string): unknown {
    if (value === undefined || value === null || value === false) return value;
    if (value === '*' || value === true) return hasScopedRelation(uid) ? populate(uid, starOf(uid), param) : value;
    if (typeof value === 'string' || Array.isArray(value)) {
      if (value === '*' || (Array.isArray(value) && value.includes('*'))) return populate(uid, '*', param);
      return populate(uid, populateObject(value as string | string[]), param);
    }
    if (!isObject(value)) return value;
    const attributes = attributesOf(uid);
    const out: Obj = {};
    for (const [key, v] of Object.entries(value)) {
      const attribute = attributes[key];
      const at = `${param}[${key}]`;
      if (key === 'on' && isObject(v)) {
        out.on = Object.fromEntries(Object.entries(v).map(([component, p]) => [component, populate(component, p, `${at}[${component}]`)]));
        continue;
      }
      const target = attribute?.type === 'relation' ? attribute.target : attribute?.type === 'component' ? attribute.component : undefined;
      if (!target) {
        out[key] = v;
        continue;
      }
      out[key] = node(target, reaches(attribute), v, at);
    }
    return out;
  }

  /** One populated relation or component: its own populate, filters and sort, scoped. */
  function node(uid: string, scoped: boolean, value: unknown, param: string): unknown {
    if (!scoped && !isObject(value)) return value;
    const spec: Obj = isObject(value) ? { ...value } : {};
    if ('count' in spec && scoped) refuse(`${param}[count]`, `${param}[count]: counting knowledge-base articles this way is not allowed; use GET /api/support-desk/kb/categories for article counts.`);
    if (spec.populate !== undefined) spec.populate = populate(uid, spec.populate, `${param}[populate]`);
    if (spec.filters !== undefined) spec.filters = filters(uid, spec.filters, `${param}[filters]`);
    if (spec.sort !== undefined) sort(uid, spec.sort, `${param}[sort]`);
    if (scoped) spec.filters = withScope(spec.filters as Obj | undefined);
    return spec;
  }

  return {
    /** Document-service read params of `uid` with the scope applied at every depth (a new object). */
    apply<P extends Obj>(uid: string, params: P): P {
      const out: Obj = { ...params };
      if (params.filters !== undefined) out.filters = filters(uid, params.filters, 'filters');
      if (params.populate !== undefined) out.populate = populate(uid, params.populate, 'populate');
      if (params.sort !== undefined) sort(uid, params.sort, 'sort');
      if (uid === scope.uid) out.filters = withScope(out.filters as Obj | undefined);
      return out as P;
    },
  };
}
