import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { queryRows } from '../../kernel/db/runner.ts';
import { sql } from '../../kernel/db/sql.ts';

export interface Readiness {
  database: 'up' | 'down';
  pendingMigrations: number | null;
}

/** Whether the database answers and every migration this build knows has been applied. */
export async function checkReadiness(orm: MikroORM, em: EntityManager): Promise<Readiness> {
  try {
    await queryRows(em, sql`select 1`);
  } catch {
    return { database: 'down', pendingMigrations: null };
  }
  try {
    const pending = await orm.migrator.getPending();
    return { database: 'up', pendingMigrations: pending.length };
  } catch {
    return { database: 'up', pendingMigrations: null };
  }
}
