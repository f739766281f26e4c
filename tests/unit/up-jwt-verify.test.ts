/**
 * users-permissions' JWT verify with the secret as a key object (src/extensions/users-permissions):
 * the same answers as users-permissions' own verify — a valid token's payload, 'Invalid token.' for
 * a wrong signature, an expired token, another algorithm or an unsigned token — and the configured
 * secret is read at every call (a new secret applies at once).
 */
import jwt from 'jsonwebtoken';
import { verifyWithSecretKey } from '../../src/extensions/users-permissions/strapi-server';

function strapiWith(config: Record<string, unknown>) {
  return { config: { get: (path: string, fallback?: unknown) => (path in config ? config[path] : fallback) } };
}
const SECRET = 'a-test-secret-of-some-length-0123456789';
const strapi = strapiWith({ 'plugin::users-permissions.jwtSecret': SECRET });
const noFallback = () => Promise.reject(new Error('fallback used'));

describe('verifyWithSecretKey', () => {
  it('answers the payload of a valid token', async () => {
    const token = jwt.sign({ id: 42 }, SECRET, { expiresIn: '1h' });
    await expect(verifyWithSecretKey(strapi, token, noFallback)).resolves.toMatchObject({ id: 42 });
  });

  it('refuses a token signed with another secret, an expired one, an unsigned one and another algorithm', async () => {
    const refused = [
      jwt.sign({ id: 1 }, 'another-secret', { expiresIn: '1h' }),
      jwt.sign({ id: 1, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET),
      jwt.sign({ id: 1 }, SECRET, { algorithm: 'HS512' }),
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ id: 1 })).toString('base64url')}.`,
      'not-a-token',
    ];
    for (const token of refused) await expect(verifyWithSecretKey(strapi, token, noFallback)).rejects.toThrow('Invalid token.');
  });

  it('follows the configured algorithm and a changed secret', async () => {
    const hs512 = strapiWith({ 'plugin::users-permissions.jwtSecret': SECRET, 'plugin::users-permissions.jwt': { algorithm: 'HS512' } });
    await expect(verifyWithSecretKey(hs512, jwt.sign({ id: 2 }, SECRET, { algorithm: 'HS512' }), noFallback)).resolves.toMatchObject({ id: 2 });
    const rotated = strapiWith({ 'plugin::users-permissions.jwtSecret': 'the-new-secret' });
    const oldToken = jwt.sign({ id: 3 }, SECRET);
    await expect(verifyWithSecretKey(strapi, oldToken, noFallback)).resolves.toMatchObject({ id: 3 });
    await expect(verifyWithSecretKey(rotated, oldToken, noFallback)).rejects.toThrow('Invalid token.');
    await expect(verifyWithSecretKey(rotated, jwt.sign({ id: 3 }, 'the-new-secret'), noFallback)).resolves.toMatchObject({ id: 3 });
  });

  it("leaves refresh-mode tokens to users-permissions' own verify", async () => {
    const refresh = strapiWith({ 'plugin::users-permissions.jwtSecret': SECRET, 'plugin::users-permissions.jwtManagement': 'refresh' });
    await expect(verifyWithSecretKey(refresh, 'whatever', () => Promise.resolve({ id: 9, sessionId: 's' }))).resolves.toEqual({ id: 9, sessionId: 's' });
  });
});
