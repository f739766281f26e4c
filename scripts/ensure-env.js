#!/usr/bin/env node
// Creates .env from .env.example with fresh random secrets when it is missing (a fresh clone has none).
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const root = path.resolve(__dirname, '..');
const envFile = path.join(root, '.env');

function ensureEnv() {
  if (fs.existsSync(envFile)) return false;
  const secret = () => crypto.randomBytes(24).toString('base64');
  const text = fs
    .readFileSync(path.join(root, '.env.example'), 'utf8')
    .replace(/^APP_KEYS=.*$/m, `APP_KEYS=${[secret(), secret(), secret(), secret()].join(',')}`)
    .replace(/^(API_TOKEN_SALT|ADMIN_JWT_SECRET|TRANSFER_TOKEN_SALT|JWT_SECRET|ENCRYPTION_KEY)=.*$/gm, (_, k) => `${k}=${secret()}`);
  fs.writeFileSync(envFile, text, { mode: 0o600 });
  console.log('[env] created .env with fresh secrets');
  return true;
}

module.exports = { ensureEnv };
if (require.main === module) ensureEnv();
