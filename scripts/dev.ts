// `pnpm dev`: database, migrations, seed data, then every app's dev task through turbo, in one
// terminal. Offline: nothing here talks to anything but this machine.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadDevEnv } from '@accounts/devkit/dev-env';
import {
  defaultDataDir,
  ensureDatabase,
  startEmbeddedPostgres,
  withDatabase,
} from '@accounts/devkit/postgres';

const root = join(import.meta.dirname, '..');
// .env wins over .env.example, and the shell wins over both.
if (loadDevEnv(root).generatedKey) console.log('dev: wrote a new ENCRYPTION_KEY for this checkout into .env');

let database: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
if (!process.env.DATABASE_URL) {
  const port = Number(process.env.DEV_POSTGRES_PORT ?? 54329);
  console.log(`dev: starting embedded PostgreSQL on 127.0.0.1:${port}…`);
  database = await startEmbeddedPostgres({
    persistent: true,
    port,
    dataDir: defaultDataDir(root, 'dev-postgres'),
  });
  process.env.DATABASE_URL = withDatabase(database.url, 'accounts_dev');
}
await ensureDatabase(process.env.DATABASE_URL!);

const cli = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['apps/api/src/cli.ts', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`dev: \`${args.join(' ')}\` failed`);
    void database?.stop().finally(() => process.exit(1));
    return false;
  }
  return true;
};
if (!cli('db:migrate') || !cli('db:seed')) await new Promise(() => {});

const turbo = spawn(
  join(root, 'node_modules/.bin/turbo'),
  ['run', 'dev', '--env-mode=loose', '--ui=stream'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', API_PORT: process.env.PORT },
    detached: true,
  },
);

const signIn =
  process.env.AUTH_SCHEME === 'fxa'
    ? `through the Mozilla Accounts stand-in (${new URL(process.env.FXA_DISCOVERY_URL ?? 'http://127.0.0.1:3100').origin}):
             any email works; staff@example.test is the seeded staff user (AUTH_SCHEME=fxa)`
    : 'staff@example.test / dev-password (AUTH_SCHEME=password)';
console.log(`
  Dashboard  ${process.env.PUBLIC_URL}   (sign in at ${process.env.PUBLIC_URL}/sign-in)
  API        http://${process.env.HOST}:${process.env.PORT}  (/healthz, /readyz, /trpc, /.well-known/jwks.json)
  Sign in    ${signIn}
  Staff CLI  pnpm accounts user:create --email you@example.test --staff
`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  // turbo forwards SIGTERM (not SIGINT) to its tasks; signal its whole process group.
  try {
    if (turbo.pid) process.kill(-turbo.pid, 'SIGTERM');
  } catch {}
  await new Promise((resolve) => (turbo.exitCode === null ? turbo.once('exit', resolve) : resolve(null)));
  await database?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
turbo.on('exit', (status) => void stop(status ?? 0));
