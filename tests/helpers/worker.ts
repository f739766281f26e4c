/** A Strapi instance in a child process (see strapi-worker.js): for parallel instances and crashes. */
import path from 'path';
import { fork, type ChildProcess } from 'child_process';

export interface Worker {
  child: ChildProcess;
  /** Calls `strapi.plugin('support-desk').service(service)[method](...args)` in the child. */
  call: <T = any>(service: string, method: string, ...args: unknown[]) => Promise<T>;
  /** Destroys Strapi in the child and waits for it to exit. */
  exit: () => Promise<void>;
  /** SIGKILL: no shutdown, no cleanup — a crash. Resolves when the process is gone. */
  kill: () => Promise<void>;
  exited: Promise<number | null>;
  /** http://127.0.0.1:<port> when started with WORKER_HTTP=true. */
  url?: string;
  /** Leaves a promise rejection nothing handles in the child. */
  reject: (message: string, code?: string) => Promise<void>;
}

const encode = (value: unknown): unknown => {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
};

/** Forks a Strapi instance with `env` (e.g. `{ ...process.env }` after startApp, plus overrides). */
export async function startWorker(env: Record<string, string | undefined>): Promise<Worker> {
  const child = fork(path.join(__dirname, 'strapi-worker.js'), [], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let port: number | undefined;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    let failure = '';
    const onMessage = (msg: any) => {
      if (msg?.failed) failure = msg.failed;
      if (msg?.ready) {
        port = msg.port;
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    exited.then((code) => reject(new Error(failure ? `worker failed to start: ${failure}` : `worker exited with ${code} before it was ready`)));
  });
  child.on('message', (msg: any) => {
    const p = pending.get(msg?.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`worker: ${msg.error}`));
  });
  exited.then(() => {
    for (const p of pending.values()) p.reject(new Error('worker exited'));
    pending.clear();
  });
  const send = (payload: Record<string, unknown>) =>
    new Promise<any>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ id, ...payload });
    });
  return {
    child,
    exited,
    url: port ? `http://127.0.0.1:${port}` : undefined,
    reject: (message, code) => send({ cmd: 'reject', message, code }).then(() => undefined),
    call: (service, method, ...args) => send({ service, method, args: encode(args) }),
    exit: async () => {
      await send({ cmd: 'exit' }).catch(() => undefined);
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
