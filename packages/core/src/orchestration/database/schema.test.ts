import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { DIRECTORY_FOREIGN_KEYS } from './migrations/20261127035000-directory-rules.ts';
import { EXPAND_RELEASE_FIRST } from './migrations/20261206130000-drop-users-plan-id.ts';

describe('database schema', () => {
  const hub = useTestHub(() => testConfig());

  it('matches the entities exactly after all migrations, apart from the hand-written directory keys', async () => {
    const sql = await hub().orm.schema.getUpdateSchemaSQL({ wrap: false });
    const statements = sql
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const expected = [
      ...DIRECTORY_FOREIGN_KEYS.map(
        ([table, , name]) => `alter table "directory"."${table}" drop constraint "${name}";`,
      ),
    ];
    expect(statements.sort()).toEqual(expected.sort());
  });

  it('has no pending migrations', async () => {
    expect(await hub().orm.migrator.getPending()).toEqual([]);
  });
});

describe('the contract step of user_plans', () => {
  const hub = useTestHub(() => testConfig());

  it('runs on a fresh database and after the release that added user_plans, and refuses where that release was skipped', async () => {
    const em = hub().orm.em.fork();
    // This database went through every release (its rows are older than this statement).
    await expect(em.execute(EXPAND_RELEASE_FIRST)).resolves.toBeDefined();
    // A fresh database: every row is written by the run itself (one transaction, one now()).
    await em.transactional(async (tx) => {
      await tx.execute('update mikro_orm_migrations set executed_at = now()');
      await tx.execute("delete from mikro_orm_migrations where name = 'Migration20261206040509_user_plans'");
      await expect(tx.execute(EXPAND_RELEASE_FIRST)).resolves.toBeDefined();
      await tx.execute("update mikro_orm_migrations set executed_at = now() - interval '1 day'");
    });
    // Upgraded from a release before user_plans, with this migration pending: refused.
    await expect(em.execute(EXPAND_RELEASE_FIRST)).rejects.toThrow(
      /Deploy the release that added user_plans first/,
    );
  });
});
