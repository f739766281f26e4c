'use strict';
// A throwaway Dovecot for bench/mail-import.js, from the same config template as the tests
// (tests/fixtures/dovecot/dovecot.conf.template; the tests' launcher is tests/helpers/dovecot.ts).
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const { execFileSync, spawn } = require('child_process');

const TEMPLATE = path.resolve(__dirname, '..', '..', 'tests', 'fixtures', 'dovecot', 'dovecot.conf.template');

const idOf = (name, flag) => {
  try {
    return Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return null;
  }
};

async function startDovecot(accounts) {
  const binary = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((b) => fs.existsSync(b));
  if (!binary) throw new Error('Dovecot is not installed: apt-get update && apt-get install -y dovecot-imapd');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-dovecot-'));
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const root = process.getuid() === 0;
  const uid = root ? idOf('nobody', '-u') ?? 65534 : process.getuid();
  const gid = root ? idOf('nobody', '-g') ?? 65534 : process.getgid();
  for (const sub of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.chmodSync(dir, 0o755);
  if (root) for (const sub of ['mail', 'home']) fs.chownSync(path.join(dir, sub), uid, gid);
  fs.writeFileSync(path.join(dir, 'users'), accounts.map((a) => `${a.user}:{PLAIN}${a.password}::::::`).join('\n') + '\n');
  const values = {
    dir, port: String(port), uid: String(uid), gid: String(gid),
    loginUser: root && idOf('dovenull', '-u') !== null ? 'dovenull' : os.userInfo().username,
    internalUser: root && idOf('dovecot', '-u') !== null ? 'dovecot' : os.userInfo().username,
  };
  const configFile = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(configFile, fs.readFileSync(TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => values[k]));
  const child = spawn(binary, ['-F', '-c', configFile], { stdio: 'ignore' });
  for (let i = 0; ; i += 1) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (ok) break;
    if (i > 150 || child.exitCode !== null) throw new Error(`dovecot did not start: ${fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      if (child.exitCode === null) {
        await new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startDovecot };
