import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities.ts';
import { migrations } from './migrations/index.ts';

export type { EntityManager } from '@mikro-orm/postgresql';
export { MikroORM };

export interface DatabaseOptions {
  url: string;
  /** Connection pool size per process. */
  poolMax?: number;
  /**
   * How long getting a new connection may take before the request fails as "database unreachable"
   * (503). Without it a server that accepts the TCP connection but never answers (a blackholed
   * host, a stuck proxy) would hold every request open for as long as the kernel keeps the socket.
   */
  connectTimeoutMs?: number;
  debug?: boolean;
}

/** Long enough for a loaded server across a region, short enough that callers get a 503 and retry. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export function ormConfig(options: DatabaseOptions): Options {
  return defineConfig({
    clientUrl: options.url,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: options.poolMax ?? 10 },
    driverOptions: { connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
    debug: options.debug ?? false,
    // Entities are plain defineEntity schemas listed above: nothing to discover on disk.
    discovery: { warnWhenNoEntities: true },
    // Requests fork their own EntityManager; the global one must never be used for work.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    migrations: {
      migrationsList: migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
    },
  });
}

export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}
