/**
 * A real IMAP server for the e-mail tests: Debian's Dovecot (`apt-get install dovecot-imapd`, done by
 * `.ci/run`), started per test file on a free port of 127.0.0.1 from the config template in
 * tests/fixtures/dovecot/, with mailboxes of known passwords, and stopped (killed) by `stop()`.
 * Without the dovecot binary `startDovecot` throws a message saying how to install it: the tests
 * fail, they never skip.
 */
import fs from 'fs';
import os from 'os';
import net from 'net';
import path from 'path';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { ImapFlow } from 'imapflow';

const TEMPLATE = path.resolve(__dirname, '..', 'fixtures', 'dovecot', 'dovecot.conf.template');
const CANDIDATES = [process.env.DOVECOT_BIN, '/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].filter(Boolean) as string[];

export interface MailAccount {
  user: string;
  password: string;
}

export interface Dovecot {
  host: string;
  port: number;
  /** An IMAP client logged in as `account` (close it with `logout()`). */
  client: (account: MailAccount) => Promise<ImapFlow>;
  /** Delivers a raw RFC 5322 message into the account's INBOX by IMAP APPEND; returns its UID. */
  append: (account: MailAccount, raw: string | Buffer, folder?: string) => Promise<number>;
  /** Messages in the account's INBOX (count). */
  count: (account: MailAccount) => Promise<number>;
  stop: () => Promise<void>;
}

export function dovecotBinary(): string {
  const found = CANDIDATES.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error('Dovecot is not installed: the e-mail tests need a real IMAP server. Install it with `apt-get update && apt-get install -y dovecot-imapd` (.ci/run does), or set DOVECOT_BIN.');
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function idOf(name: string, flag: '-u' | '-g'): number | null {
  try {
    return Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return null;
  }
}

async function waitForPort(port: number, child: ChildProcess, logFile: string, timeoutMs = 15000) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(accounts: MailAccount[]): Promise<Dovecot> {
  const binary = dovecotBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-dovecot-'));
  const port = await freePort();
  // Dovecot refuses mail access as root: mail belongs to `nobody` when the tests run as root.
  const root = process.getuid?.() === 0;
  const uid = root ? (idOf('nobody', '-u') ?? 65534) : process.getuid!();
  const gid = root ? (idOf('nobody', '-g') ?? 65534) : process.getgid!();
  const loginUser = root && idOf('dovenull', '-u') !== null ? 'dovenull' : os.userInfo().username;
  const internalUser = root && idOf('dovecot', '-u') !== null ? 'dovecot' : os.userInfo().username;
  for (const sub of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.chmodSync(dir, 0o755);
  if (root) {
    for (const sub of ['mail', 'home']) fs.chownSync(path.join(dir, sub), uid, gid);
  }
  fs.writeFileSync(path.join(dir, 'users'), accounts.map((a) => `${a.user}:{PLAIN}${a.password}::::::`).join('\n') + '\n');
  const values: Record<string, string> = { dir, port: String(port), uid: String(uid), gid: String(gid), loginUser, internalUser };
  const config = fs.readFileSync(TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k]);
  const configFile = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(configFile, config);
  const child = spawn(binary, ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    await waitForPort(port, child, path.join(dir, 'dovecot.log'));
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }

  const client = async (account: MailAccount) => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: account.user, pass: account.password }, logger: false } as any);
    await c.connect();
    return c;
  };
  return {
    host: '127.0.0.1',
    port,
    client,
    async append(account, raw, folder = 'INBOX') {
      const c = await client(account);
      try {
        const result = await c.append(folder, raw);
        return Number((result as { uid?: number }).uid ?? 0);
      } finally {
        await c.logout();
      }
    },
    async count(account) {
      const c = await client(account);
      try {
        const status = await c.status('INBOX', { messages: true });
        return status.messages ?? 0;
      } finally {
        await c.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
