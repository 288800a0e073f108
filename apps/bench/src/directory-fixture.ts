import pg from 'pg';

/**
 * A Stalwart directory of `count` individual accounts (a primary address and an alias each),
 * plus groups and list addresses, written set-based so a million rows take seconds.
 */
export async function fillDirectory(databaseUrl: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      insert into directory.accounts (name, type, quota, secret)
      select 'user' || n || '@mail.test', 'individual', 5368709120,
             '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'
        from generate_series(1, ${count}) as n`);
    await client.query(`
      insert into directory.emails (name, address, type)
      select 'user' || n || '@mail.test', 'user' || n || '@mail.test', 'primary' from generate_series(1, ${count}) as n
      union all
      select 'user' || n || '@mail.test', 'user' || n || '@alt.test', 'alias' from generate_series(1, ${count}) as n`);
    await client.query(`
      insert into directory.accounts (name, type) select 'group' || n || '@mail.test', 'group' from generate_series(1, 1000) as n`);
    await client.query(`
      insert into directory.group_members (name, member_of)
      select 'user' || n || '@mail.test', 'group' || (n % 1000 + 1) || '@mail.test' from generate_series(1, ${count}) as n`);
    await client.query('analyze');
  } finally {
    await client.end();
  }
}
