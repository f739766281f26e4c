/** kb/read-scope.ts: where the KB article scope lands in a query, at every depth. */
import { createReadScope, type ModelLookup } from '../../src/plugins/support-desk/server/src/kb/read-scope';

const A = 'article';
const C = 'category';
const MODELS: Record<string, any> = {
  [A]: { attributes: { title: { type: 'string' }, category: { type: 'relation', target: C }, localizations: { type: 'relation', target: A }, tickets: { type: 'relation', target: 'ticket' } } },
  [C]: { attributes: { name: { type: 'string' }, articles: { type: 'relation', target: A }, parent: { type: 'relation', target: C }, createdBy: { type: 'relation', target: 'admin' } } },
  ticket: { attributes: { subject: { type: 'string' }, related: { type: 'relation', target: A }, info: { type: 'component', component: 'box' } } },
  box: { attributes: { article: { type: 'relation', target: A } } },
};
const SCOPE = { visible: true };
const scope = createReadScope(((uid: string) => MODELS[uid]) as ModelLookup, { uid: A, filter: SCOPE });

describe('KB read scope', () => {
  test('filters: every relation node into the article is ANDed with the scope, at any depth', () => {
    expect(scope.apply(C, { filters: { articles: { title: 'x' } } }).filters).toEqual({ articles: { $and: [{ title: 'x' }, SCOPE] } });
    expect(scope.apply(A, { filters: { category: { articles: { localizations: { title: 'x' } } } } }).filters).toEqual({
      $and: [{ category: { articles: { $and: [{ localizations: { $and: [{ title: 'x' }, SCOPE] } }, SCOPE] } } }, SCOPE],
    });
    expect(scope.apply(C, { filters: { $or: [{ articles: { title: 'x' } }, { name: 'y' }], $not: { parent: { articles: { title: 'z' } } } } }).filters).toEqual({
      $or: [{ articles: { $and: [{ title: 'x' }, SCOPE] } }, { name: 'y' }],
      $not: { parent: { articles: { $and: [{ title: 'z' }, SCOPE] } } },
    });
    expect(scope.apply('ticket', { filters: { info: { article: { title: 'x' } } } }).filters).toEqual({ info: { article: { $and: [{ title: 'x' }, SCOPE] } } });
  });

  test('filters: shorthand conditions on a relation are conditions on its id', () => {
    expect(scope.apply(C, { filters: { articles: 5 } }).filters).toEqual({ articles: { $and: [{ id: 5 }, SCOPE] } });
    expect(scope.apply(C, { filters: { articles: { $in: [1, 2] } } }).filters).toEqual({ articles: { $and: [{ id: { $in: [1, 2] } }, SCOPE] } });
    expect(scope.apply(C, { filters: { articles: { $not: { title: 'x' } } } }).filters).toEqual({ articles: { $and: [{ $not: { title: 'x' } }, SCOPE] } });
    expect(() => scope.apply(C, { filters: { articles: { $eq: 1, title: 'x' } } })).toThrow(/filters\[articles\]: operators/);
  });

  test('populate: strings, arrays, objects and * all scope the article relations', () => {
    expect(scope.apply(C, { populate: 'articles' }).populate).toEqual({ articles: { filters: SCOPE } });
    expect(scope.apply(A, { populate: 'category.articles,localizations' }).populate).toEqual({
      category: { populate: { articles: { filters: SCOPE } } },
      localizations: { filters: SCOPE },
    });
    expect(scope.apply(C, { populate: '*' }).populate).toEqual({ articles: { filters: SCOPE }, parent: true });
    expect(scope.apply(A, { populate: { category: { populate: '*' } } }).populate).toEqual({ category: { populate: { articles: { filters: SCOPE }, parent: true } } });
    expect(scope.apply(C, { populate: { articles: { filters: { title: 'x' }, populate: { localizations: true } } } }).populate).toEqual({
      articles: { filters: { $and: [{ title: 'x' }, SCOPE] }, populate: { localizations: { filters: SCOPE } } },
    });
    expect(scope.apply('ticket', { populate: '*' }).populate).toEqual({ info: true, related: { filters: SCOPE } });
    expect(scope.apply('box', { populate: '*' }).populate).toEqual({ article: { filters: SCOPE } });
    expect(scope.apply('admin', { populate: '*' }).populate).toBe('*');
  });

  test('sort across a relation into the article is refused; sort within scoped rows is not', () => {
    expect(() => scope.apply(C, { sort: 'articles.title:asc' })).toThrow(/sort: sorting by articles.title/);
    expect(() => scope.apply(C, { sort: [{ parent: { articles: { title: 'asc' } } }] })).toThrow(/parent.articles.title/);
    expect(() => scope.apply(C, { populate: { parent: { sort: 'articles.title' } } })).toThrow(/populate\[parent\]\[sort\]/);
    expect(scope.apply(A, { sort: 'category.name:asc,title' }).sort).toBe('category.name:asc,title');
    expect(scope.apply(C, { populate: { articles: { sort: 'title:desc' } } }).populate).toEqual({ articles: { sort: 'title:desc', filters: SCOPE } });
  });

  test('the root of an article query is scoped; other roots untouched when nothing reaches an article', () => {
    expect(scope.apply(A, {}).filters).toEqual(SCOPE);
    expect(scope.apply(C, { filters: { name: 'x' }, populate: { parent: true } })).toEqual({ filters: { name: 'x' }, populate: { parent: true } });
  });
});
