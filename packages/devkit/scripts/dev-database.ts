// devkit's `dev:database` task (persistent; `turbo dev` runs it alongside the API's dev task):
// without DATABASE_URL, this checkout's embedded PostgreSQL on DEV_POSTGRES_PORT (default 54329),
// its data kept between runs under the system temp folder. With DATABASE_URL set there is nothing
// to run. The server lives in dev-database-server.ts, in a process group of its own, so that even
// turbo's force kill of this task stops it cleanly (see there); SIGINT/SIGTERM stop it here.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadDevEnv } from '../src/dev-env.ts';

const { embeddedPostgres } = loadDevEnv(join(import.meta.dirname, '../../..'), { writeKey: false });
if (!embeddedPostgres) {
  const url = new URL(process.env.DATABASE_URL!);
  console.log(`dev database: DATABASE_URL is set (${url.host}${url.pathname}); no embedded server to start`);
  process.exit(0);
}

const server = spawn(
  process.execPath,
  [join(import.meta.dirname, 'dev-database-server.ts'), JSON.stringify(embeddedPostgres)],
  {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  },
);
server.stdout?.pipe(process.stdout);
server.stderr?.pipe(process.stderr);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => server.kill('SIGTERM'));
}
const code = await new Promise<number>((resolve) =>
  server.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
);
process.exit(code);
