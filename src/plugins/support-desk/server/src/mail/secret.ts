/**
 * Mailbox passwords at rest (pure, Node's crypto): `enc:v1:<base64 of iv(12) | tag(16) | ciphertext>`,
 * AES-256-GCM under MAIL_SECRET_KEY (32 bytes, as base64 or 64 hex digits). A value without the
 * prefix is a plain password. A wrong key or a changed value fails the GCM tag check: an error, never
 * a wrong password sent to the server.
 */
import crypto from 'crypto';

const PREFIX = 'enc:v1:';

export function parseSecretKey(key: string): Buffer {
  const trimmed = key.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new Error('MAIL_SECRET_KEY must be 32 bytes: 64 hex digits or 44 base64 characters (openssl rand -base64 32)');
  return bytes;
}

export const isEncrypted = (value: string) => value.startsWith(PREFIX);

export function encryptSecret(plain: string, key: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', parseSecretKey(key), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decryptSecret(value: string, key: string): string {
  if (!isEncrypted(value)) return value;
  if (!key) throw new Error('an encrypted mailbox password needs MAIL_SECRET_KEY');
  const raw = Buffer.from(value.slice(PREFIX.length), 'base64');
  if (raw.length < 29) throw new Error('the encrypted mailbox password is damaged');
  const decipher = crypto.createDecipheriv('aes-256-gcm', parseSecretKey(key), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the encrypted mailbox password does not match MAIL_SECRET_KEY');
  }
}
