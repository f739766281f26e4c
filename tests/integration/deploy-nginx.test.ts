/**
 * docs/deploy.md, tested: Debian's nginx with the configuration block of docs/deploy.md in front of
 * two Strapi processes on one PostgreSQL database (issue 16, item 6). Both instances serve, the
 * request id goes through and comes back, readiness and metrics answer per instance, and when one
 * instance is killed the other carries on — requests and jobs.
 * Skipped (saying why) without /usr/sbin/nginx (`.ci/run` installs it) or without PostgreSQL.
 */
import fs from 'fs';
import os from 'os';
import net from 'net';
import path from 'path';
import { spawn, type ChildProcess } from 'child_process';
import request from 'supertest';
import { postgresReachable, startApp, testDb, type TestApp } from '../helpers/strapi';
import { startWorker, type Worker } from '../helpers/worker';

const NGINX = '/usr/sbin/nginx';
const hasNginx = fs.existsSync(NGINX);
const onPostgres = testDb === 'postgres' || postgresReachable;
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';
if (!hasNginx) console.warn('deploy-nginx: skipped, /usr/sbin/nginx is missing (apt-get install nginx)');

/** The ```nginx block of docs/deploy.md. */
function deployExample(): string {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/deploy.md has no ```nginx block');
  return block[1];
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

(hasNginx && onPostgres ? describe : describe.skip)('nginx (docs/deploy.md) in front of two instances', () => {
  let app: TestApp;
  let workers: Worker[] = [];
  let nginx: ChildProcess;
  let dir: string;
  let base: string;
  const http = () => request(base);

  beforeAll(async () => {
    app = await startApp({ db: 'postgres' });
    await app.shutdown();
    const env = { ...process.env, ...app.env, WORKER_HTTP: 'true', PROXY_ENABLED: 'true', PROXY_MAX_IPS_COUNT: '1', METRICS_TOKEN };
    workers = [await startWorker(env), await startWorker(env)];
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-nginx-'));
    const [a, b] = workers.map((w) => new URL(w.url!).host);
    const example = deployExample();
    expect(example).toContain('server 127.0.0.1:1337 ');
    expect(example).toContain('listen 80;');
    fs.writeFileSync(path.join(dir, 'support-desk.conf'), example.replace('127.0.0.1:1337', a).replace('127.0.0.1:1338', b).replace('listen 80;', `listen 127.0.0.1:${port};`));
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 256; }\n` +
        `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n  include ${dir}/support-desk.conf;\n}\n`,
    );
    nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const up = await http().get('/health').then((r) => r.status === 200, () => false);
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    nginx?.kill('SIGTERM');
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) await w.exit();
    await app?.dropDatabase();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('both instances answer through nginx; readiness is 200; the request id goes through and comes back', async () => {
    const upstreams = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const res = await http().get('/ready');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ready', database: { reachable: true } });
      upstreams.add(res.headers['x-upstream']);
    }
    expect(upstreams).toEqual(new Set(workers.map((w) => new URL(w.url!).host)));

    const traced = await http().get('/health').set('X-Request-Id', 'trace-abc.123');
    expect(traced.headers['x-request-id']).toBe('trace-abc.123');
    const minted = await http().get('/health');
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/); // nginx's $request_id
    const hostile = await http().get('/health').set('X-Request-Id', 'a"b\\c{}'.repeat(30));
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/); // replaced by a UUID
  });

  it('metrics: per route pattern (no raw URL), only with the token, from the instance that answers', async () => {
    for (let i = 0; i < 4; i++) expect((await http().get(`/api/support-desk/customer/tickets/no-such-ticket-${i}`)).status).toBeGreaterThanOrEqual(400);
    expect((await http().get('/metrics')).status).toBe(401);
    expect((await http().get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token-wrong')).status).toBe(401);
    let text = '';
    for (const w of workers) text += (await request(w.url!).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).text;
    const counts = [...text.matchAll(/http_request_duration_seconds_count\{method="GET",route="\/api\/support-desk\/customer\/tickets\/:documentId",status="4\d\d"\} (\d+)/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(text).not.toContain('no-such-ticket');
    for (const name of ['support_desk_outbox_backlog', 'support_desk_outbox_oldest_pending_age_seconds', 'support_desk_sla_sweep_lag_seconds', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('one instance killed: nginx sends everything to the other, which also runs the jobs', async () => {
    const [dead, alive] = workers;
    await dead.kill();
    const upstreams = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await http().get('/api/support-desk/kb/search').query({ q: 'printer' });
      expect(res.status).toBe(200);
      upstreams.add(String(res.headers['x-upstream']).split(', ').pop()!);
    }
    expect(upstreams).toEqual(new Set([new URL(alive.url!).host]));
    const counts = await alive.call('sla', 'sweep', {});
    expect(Object.keys(counts).sort()).toEqual(['first_response_breach', 'first_response_warning', 'resolution_breach', 'resolution_warning']);
  });
});
