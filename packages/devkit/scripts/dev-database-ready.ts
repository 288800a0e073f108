// devkit's `dev:database-ready` task: finishes once the dev database accepts connections, so the
// API's migrations, seed and server (which depend on it in turbo.json) start after it. It waits
// for this checkout's embedded server (the `dev:database` task started beside it) or for
// DATABASE_URL's server, and creates the database when it does not exist yet. It is also the one
// dev task that writes a checkout's first ENCRYPTION_KEY into .env (tasks running side by side
// must not each write their own), before anything that reads the key starts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDevEnv } from '../src/dev-env.ts';
import { ensureDatabase, waitForPostgres, withDatabase } from '../src/postgres.ts';

const { generatedKey, embeddedPostgres: embedded } = loadDevEnv(join(import.meta.dirname, '../../..'));
if (generatedKey) console.log('dev: wrote a new ENCRYPTION_KEY for this checkout into .env');

const url = process.env.DATABASE_URL!;
const where = `${new URL(url).host}${new URL(url).pathname}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readyServer(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const { pid } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
    process.kill(pid, 0); // a file left by a run that was killed names a process that is gone
    return true;
  } catch {
    return false;
  }
}

if (embedded) {
  // A first run initialises the data folder, which takes a while on a busy machine.
  const deadline = Date.now() + 180_000;
  while (!readyServer(embedded.readyFile)) {
    if (Date.now() > deadline) {
      console.error('dev: the embedded PostgreSQL (devkit#dev:database) did not become ready in 3 minutes');
      process.exit(1);
    }
    await sleep(200);
  }
}
try {
  await waitForPostgres(withDatabase(url, 'postgres'), 30_000);
  await ensureDatabase(url);
} catch (error) {
  console.error(`dev: cannot reach the database at ${where}: ${error}`);
  process.exit(1);
}
console.log(`dev: database ${where} is ready`);
