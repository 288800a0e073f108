import pg from 'pg';

/**
 * A Stalwart directory of `count` individual accounts (a primary address and an alias each), plus
 * 1,000 groups with every account a member of one, written set-based so a million accounts take
 * seconds rather than minutes: the directory's keys, unique constraints, foreign keys and other
 * indexes are dropped first and put back afterwards from their own definitions (one sorted index
 * build and one validating join each, instead of millions of random index inserts and per-row
 * reference checks), and rows go in in name order. Check constraints stay on throughout. The
 * schema afterwards is exactly the migrated one (same names and definitions).
 */
export async function fillDirectory(
  databaseUrl: string,
  count: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let last = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    log(`${name} ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
  try {
    await client.query(`set maintenance_work_mem = '256MB'`);
    // Keys and foreign keys touching the directory (from any schema), and the plain indexes.
    const { rows: constraints } = await client.query<{
      name: string;
      table: string;
      kind: string;
      definition: string;
    }>(
      `select c.conname as name, c.conrelid::regclass::text as table, c.contype as kind,
              pg_get_constraintdef(c.oid) as definition
         from pg_constraint c
        where c.contype in ('p', 'u', 'f')
          and (c.connamespace = 'directory'::regnamespace
               or c.confrelid in (select oid from pg_class where relnamespace = 'directory'::regnamespace))
        order by c.contype = 'f' desc, c.conname`,
    );
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `select i.indexname as name, i.indexdef as definition
         from pg_indexes i
        where i.schemaname = 'directory'
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname
                            and c.connamespace = 'directory'::regnamespace)`,
    );
    // Foreign keys first, then the keys they rely on; put back in the reverse order.
    for (const constraint of constraints) {
      await client.query(`alter table ${constraint.table} drop constraint "${constraint.name}"`);
    }
    for (const index of indexes) await client.query(`drop index directory."${index.name}"`);
    step('dropped keys and indexes');
    await client.query(`
      insert into directory.accounts (name, type, quota, secret)
      select name, 'individual', 5368709120, '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'
        from (select 'user' || n || '@mail.test' as name from generate_series(1, ${count}) as n) s
       order by name`);
    await client.query(`
      insert into directory.accounts (name, type)
      select 'group' || n || '@mail.test', 'group' from generate_series(1, 1000) as n`);
    step('accounts');
    await client.query(`
      insert into directory.emails (name, address, type)
      select name, address, type from (
        select 'user' || n || '@mail.test' as name, 'user' || n || '@mail.test' as address, 'primary' as type
          from generate_series(1, ${count}) as n
        union all
        select 'user' || n || '@mail.test', 'user' || n || '@alt.test', 'alias' from generate_series(1, ${count}) as n
      ) s order by address`);
    step('emails');
    await client.query(`
      insert into directory.group_members (name, member_of)
      select name, member_of from (
        select 'user' || n || '@mail.test' as name, 'group' || (n % 1000 + 1) || '@mail.test' as member_of
          from generate_series(1, ${count}) as n
      ) s order by name, member_of`);
    step('group members');
    for (const constraint of [...constraints].reverse()) {
      await client.query(
        `alter table ${constraint.table} add constraint "${constraint.name}" ${constraint.definition}`,
      );
    }
    for (const index of indexes) await client.query(index.definition);
    step('keys, foreign keys and indexes rebuilt');
    await client.query('analyze directory.accounts, directory.emails, directory.group_members');
    step('analyzed');
  } finally {
    await client.end();
  }
}
