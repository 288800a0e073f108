import { randomBytes } from 'node:crypto';
import { adminQuery, withDatabase } from '@accounts/devkit/postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import type { HubConfig } from '../kernel/config.ts';
import { type Hub, silentLogger } from '../kernel/context.ts';
import { type MikroORM, openDatabase } from '../orchestration/database/orm.ts';
import './provided-context.ts';

export { testConfig } from './config.ts';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file, cloned from the migrated template. `drop()` ends its
 * use: the run's global teardown drops it with all the others at once (global-setup.ts says why),
 * and from then on it refuses connections.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const postgresUrl = inject('postgresUrl');
  const name = `${inject('databasePrefix')}${randomBytes(6).toString('hex')}`;
  await adminQuery(postgresUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  // A commit need not wait for its WAL to reach the disk: a test database never outlives a crash,
  // and what a transaction sees is the same. Commit-heavy files (billing's replay) ran ~2.5× faster
  // per commit on this machine's server, which has fsync on (docs/testing.md).
  await adminQuery(postgresUrl, `ALTER DATABASE ${name} SET synchronous_commit = off`);
  return {
    url: withDatabase(postgresUrl, name),
    // As the DROP … WITH (FORCE) it stands for: no new connections, and any left open are cut.
    drop: async () => {
      await adminQuery(postgresUrl, `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await adminQuery(
        postgresUrl,
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
    },
  };
}

export interface TestHub extends Hub {
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestHub(config: HubConfig): Promise<TestHub> {
  const database = await createTestDatabase();
  const orm: MikroORM = await openDatabase({ url: database.url, poolMax: 5 });
  return {
    orm,
    config,
    log: silentLogger,
    database,
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}

/** Registers a fresh database for the calling test file; call the returned function inside tests. */
export function useTestHub(config: () => HubConfig): () => TestHub {
  let hub: TestHub | undefined;
  beforeAll(async () => {
    hub = await createTestHub(config());
  });
  afterAll(async () => {
    await hub?.close();
  });
  return () => {
    if (!hub) throw new Error('useTestHub: the hub is only available inside tests');
    return hub;
  };
}

// Background work a request starts (a plan edit re-applies its holders' entitlements), to wait for.
export { settledEntitlementRefreshes } from '../billing/plan-refresh.ts';
export { type Receiver, startReceiver } from '../clients/test-support.ts';
// Each domain's fixtures, for the apps' tests (core's own tests import them directly).
export {
  callerFor,
  createTestClientApp,
  createTestUser,
  sessionCookieFor,
} from '../identity/test-support.ts';
export { createPerson, createPlan, tableResolver } from '../mail/test-support.ts';
