import { relationInputChanges, relationTarget } from '../../src/plugins/support-desk/server/src/utils/relations';

describe('relationTarget: every input form the document service accepts', () => {
  test.each<[string, unknown, ReturnType<typeof relationTarget>]>([
    ['undefined', undefined, { kind: 'unchanged' }],
    ['null', null, { kind: 'clear' }],
    ['empty string', '', { kind: 'clear' }],
    ['id', 7, { kind: 'set', id: 7 }],
    ['numeric string', '7', { kind: 'set', id: 7 }],
    ['documentId', 'abc', { kind: 'set', documentId: 'abc' }],
    ['{ id }', { id: 7 }, { kind: 'set', id: 7 }],
    ['{ documentId }', { documentId: 'abc' }, { kind: 'set', documentId: 'abc' }],
    ['connect (last wins)', { connect: [{ id: 1 }, { documentId: 'b' }] }, { kind: 'set', documentId: 'b' }],
    ['empty connect + disconnect (Content Manager, unchanged)', { connect: [], disconnect: [] }, { kind: 'unchanged' }],
    ['disconnect', { connect: [], disconnect: [{ id: 1 }] }, { kind: 'clear' }],
    ['set []', { set: [] }, { kind: 'clear' }],
    ['set [x]', { set: [{ id: 3 }] }, { kind: 'set', id: 3 }],
    ['array', [1, 'x'], { kind: 'set', documentId: 'x' }],
    ['empty array', [], { kind: 'clear' }],
    ['empty object', {}, { kind: 'unchanged' }],
  ])('%s', (_name, input, expected) => {
    expect(relationTarget(input)).toEqual(expected);
  });
});

describe('relationInputChanges', () => {
  const current = { id: 5, documentId: 'doc5' };
  test.each<[string, unknown, typeof current | null, boolean]>([
    ['unchanged input', undefined, current, false],
    ['CM unchanged', { connect: [], disconnect: [] }, current, false],
    ['same id', 5, current, false],
    ['same documentId', { documentId: 'doc5' }, current, false],
    ['same id via connect', { connect: [{ id: 5 }] }, current, false],
    ['other id', { connect: [{ id: 6 }] }, current, true],
    ['clear a set relation', null, current, true],
    ['clear an empty relation', null, null, false],
    ['set an empty relation', 'doc5', null, true],
  ])('%s', (_name, input, cur, expected) => {
    expect(relationInputChanges(input, cur)).toBe(expected);
  });
});
