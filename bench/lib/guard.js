'use strict';
// Cleanup registry for a bench process: whatever was started or created (servers, databases) is
// stopped or dropped on success, failure, Ctrl-C, or when the whole bench overruns its time limit.
const resources = new Map(); // resource -> cleanup
let timer;
let exiting = false;

async function cleanupAll() {
  const entries = [...resources.entries()].reverse(); // newest first: servers before their database
  resources.clear();
  for (const [resource, cleanup] of entries) {
    try {
      await cleanup(resource);
    } catch (err) {
      process.stderr.write(`[bench] cleanup failed: ${err.message}\n`);
    }
  }
}

const guard = {
  /** Registers `resource` with its cleanup; returns the resource. */
  add(resource, cleanup) {
    resources.set(resource, cleanup);
    return resource;
  },
  /** Runs the cleanup of `resource` now (once). */
  async release(resource) {
    const cleanup = resources.get(resource);
    if (!cleanup) return;
    resources.delete(resource);
    await cleanup(resource);
  },
  /** Bounds the whole run: after `ms` everything is cleaned up and the process exits with code 2. */
  arm(ms) {
    timer = setTimeout(async () => {
      process.stderr.write(`[bench] time limit of ${Math.round(ms / 1000)} s reached (BENCH_TIMEOUT): stopping\n`);
      await guard.done(2);
    }, ms);
    timer.unref();
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.once(sig, async () => {
        process.stderr.write(`[bench] ${sig}: cleaning up\n`);
        await guard.done(130);
      });
    }
  },
  async done(code) {
    if (exiting) return;
    exiting = true;
    clearTimeout(timer);
    await cleanupAll();
    process.exit(code);
  },
};

module.exports = { guard };
