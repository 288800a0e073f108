import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './orm.ts';

/** Applies every pending migration in one transaction; safe to run while old instances serve. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig({ url, poolMax: 1 }));
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close();
  }
}
