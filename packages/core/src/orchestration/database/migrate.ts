import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './orm.ts';

/** Applies every pending migration in one transaction; safe to run while old instances serve. */
export async function migrateDatabase(url: string, options: { silent?: boolean } = {}): Promise<string[]> {
  const config = ormConfig({ url, poolMax: 1 });
  const orm = await MikroORM.init({
    ...config,
    migrations: { ...config.migrations, silent: options.silent ?? false },
  });
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close();
  }
}
