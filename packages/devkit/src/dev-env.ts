import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { defaultDataDir, embeddedPostgresUrl, withDatabase } from './postgres.ts';

/** The database `turbo dev` creates on the embedded server (and on DATABASE_URL's server, its name). */
export const DEV_DATABASE = 'accounts_dev';

export interface EmbeddedDevPostgres {
  port: number;
  /** Its data, kept between runs: one folder per checkout under the system temp folder. */
  dataDir: string;
  /** URL of the server's `postgres` maintenance database. */
  url: string;
  /**
   * Written by `dev:database` once its server accepts connections (its pid and URL), removed when
   * it stops: what `dev:database-ready` waits for, so it never mistakes another server on the
   * port for this checkout's.
   */
  readyFile: string;
}

export interface DevEnv {
  /** Whether this call wrote a new ENCRYPTION_KEY into `.env` (the caller says so, once). */
  generatedKey: boolean;
  /** Set when DATABASE_URL was unset: the embedded server devkit's `dev:database` task runs. */
  embeddedPostgres: EmbeddedDevPostgres | null;
}

/**
 * The settings every dev task runs with: `.env.example`, then `.env` on top, then the shell on
 * top of all. A checkout's first run writes its own random ENCRYPTION_KEY into `.env`, so no two
 * checkouts share one and no key is ever published in the repository. Without DATABASE_URL the
 * dev database is `accounts_dev` on the embedded server of this checkout (on DEV_POSTGRES_PORT,
 * default 54329), and DATABASE_URL is set to it here, so every dev process agrees on it.
 *
 * `writeKey: false` reads the settings without writing a key: tasks that start side by side must
 * not each write their own (turbo runs the one writer, devkit's `dev:database-ready`, first).
 */
export function loadDevEnv(root: string, options: { writeKey?: boolean } = {}): DevEnv {
  const shell = { ...process.env };
  const localPath = join(root, '.env');
  // Not process.loadEnvFile: it never overrides a variable already set, so .env could not win.
  Object.assign(process.env, readEnvFile(join(root, '.env.example')), readEnvFile(localPath), shell);
  // The dashboard's dev server forwards API paths to API_PORT (apps/dashboard/vite.config.ts) and
  // the Paddle stand-in sends its webhooks there: the API's own PORT.
  process.env.API_PORT = process.env.PORT || '3000';
  const embeddedPostgres = useEmbeddedPostgresUnlessConfigured(root);
  if (process.env.ENCRYPTION_KEY || options.writeKey === false) {
    return { generatedKey: false, embeddedPostgres };
  }

  const key = `dev:${randomBytes(32).toString('base64')}`;
  const local = existsSync(localPath) ? readFileSync(localPath, 'utf8') : '';
  // Keep what is there; a file without a final newline must not glue the key onto its last line.
  const separator = local === '' || local.endsWith('\n') ? '' : '\n';
  appendFileSync(
    localPath,
    `${separator}# Written by the first \`pnpm dev\` of this checkout: seals secrets in the dev database.\n` +
      `# Keep it while you keep that database; production has its own (docs/deploy.md).\n` +
      `ENCRYPTION_KEY=${key}\n`,
    { mode: 0o600 },
  );
  process.env.ENCRYPTION_KEY = readEnvFile(localPath).ENCRYPTION_KEY;
  return { generatedKey: true, embeddedPostgres };
}

function useEmbeddedPostgresUnlessConfigured(root: string): EmbeddedDevPostgres | null {
  if (process.env.DATABASE_URL) return null;
  const port = Number(process.env.DEV_POSTGRES_PORT || 54329);
  const url = embeddedPostgresUrl(port);
  const dataDir = defaultDataDir(root, 'dev-postgres');
  process.env.DATABASE_URL = withDatabase(url, DEV_DATABASE);
  return { port, dataDir, url, readyFile: join(dataDir, '..', 'dev-postgres.ready.json') };
}

function readEnvFile(path: string): Record<string, string | undefined> {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}
