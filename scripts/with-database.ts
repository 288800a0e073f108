// Runs a command with DATABASE_URL pointing at a PostgreSQL server: the one in the environment,
// or an embedded throwaway server started here and stopped afterwards. `pnpm test` uses it so
// every package's tests share one server instead of starting their own.
import { spawn } from 'node:child_process';
import { startEmbeddedPostgres } from '@accounts/devkit/postgres';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-database <command> [args...]');
  process.exit(2);
}

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ persistent: false });
if (server) console.log(`with-database: embedded PostgreSQL at ${server.url.replace(/:[^:@/]+@/, ':***@')}`);

const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, ...(server ? { DATABASE_URL: server.url } : {}) },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code: number = await new Promise((resolve) =>
  child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
);
await server?.stop();
process.exit(code);
