#!/usr/bin/env node
'use strict';
/**
 * Encrypts a mailbox password for MAIL_INBOXES (`"password": "enc:v1:…"`), with the key in
 * MAIL_SECRET_KEY (32 bytes as base64 or 64 hex digits; make one with `openssl rand -base64 32`).
 *
 *   MAIL_SECRET_KEY=… npm run mail:encrypt            (reads the password from stdin)
 *
 * The format is the plugin's `mail/secret.ts` (AES-256-GCM, iv | tag | ciphertext, base64);
 * tests/unit/mail-core.test.ts decrypts this script's output with that module.
 */
const crypto = require('crypto');

function encrypt(plain, key) {
  const trimmed = String(key || '').trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32) throw new Error('MAIL_SECRET_KEY must be 32 bytes: 64 hex digits or 44 base64 characters (openssl rand -base64 32)');
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', bytes, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

if (require.main === module) {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (c) => (input += c));
  process.stdin.on('end', () => {
    const password = input.replace(/\r?\n$/, '');
    if (!password) {
      console.error('Give the password on stdin, e.g. printf %s "$PASSWORD" | MAIL_SECRET_KEY=… npm run mail:encrypt');
      process.exit(2);
    }
    try {
      console.log(encrypt(password, process.env.MAIL_SECRET_KEY));
    } catch (error) {
      console.error(error.message);
      process.exit(2);
    }
  });
}

module.exports = { encrypt };
