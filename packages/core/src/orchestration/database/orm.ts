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
  debug?: boolean;
}

export function ormConfig(options: DatabaseOptions): Options {
  return defineConfig({
    clientUrl: options.url,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: options.poolMax ?? 10 },
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
