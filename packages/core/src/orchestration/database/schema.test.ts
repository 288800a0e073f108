import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { DIRECTORY_FOREIGN_KEYS } from './migrations/20261127035000-directory-rules.ts';

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
