import { checkRoleBody } from '../../src/plugins/support-desk/server/src/security/role-body';

describe('users-permissions role bodies', () => {
  test("the admin form's body and the content API's pass", () => {
    expect(checkRoleBody({ name: 'Partners', description: 'Resellers', permissions: {}, users: [] }, true)).toBeNull();
    expect(checkRoleBody({ name: 'Partners', type: 'partners', permissions: { 'api::ticket': { controllers: {} } } }, true)).toBeNull();
    expect(checkRoleBody({ description: null }, false)).toBeNull();
    expect(checkRoleBody({ permissions: {} }, false)).toBeNull();
  });

  test('keys that are not role fields are refused, naming them (id, document_id, created_at …)', () => {
    const p = checkRoleBody({ name: 'x', id: 'Note 186', department: 'rd' }, true);
    expect(p).toMatchObject({ source: 'body', path: ['id'], rule: 'role' });
    expect(p?.message).toMatch(/"id", "department"/);
    expect(checkRoleBody({ document_id: 'abc' }, false)?.path).toEqual(['document_id']);
  });

  test('a name is required on create and must be text; other fields have their types', () => {
    expect(checkRoleBody({ description: 'd' }, true)?.path).toEqual(['name']);
    expect(checkRoleBody({ name: '  ' }, true)?.path).toEqual(['name']);
    expect(checkRoleBody({ name: 5 }, false)?.path).toEqual(['name']);
    expect(checkRoleBody({ name: 'x'.repeat(256) }, true)?.message).toMatch(/at most 255/);
    expect(checkRoleBody({ name: 'x', type: ['a'] }, true)?.path).toEqual(['type']);
    expect(checkRoleBody({ name: 'x', permissions: [] }, true)?.path).toEqual(['permissions']);
    expect(checkRoleBody({ name: 'x', users: {} }, true)?.path).toEqual(['users']);
  });

  test('a body that is not an object is refused', () => {
    for (const body of [null, 'text', [], 5]) expect(checkRoleBody(body, true)?.path).toEqual([]);
  });
});
