import type { EntityName } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { Session, User } from '../../identity/entities.ts';
import { DirectoryAccount } from '../../mail/entities.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { command, query, queryPreparedRows, queryRows } from './runner.ts';
import { escapeLike, sql } from './sql.ts';

describe('the sql tag', () => {
  it('binds every value as a numbered parameter, never as text', () => {
    const evil = "x'; drop table users; --";
    expect(
      sql`select * from users where email = ${evil} and is_active = ${true} limit ${5}`.compile(),
    ).toEqual({
      text: 'select * from users where email = $1 and is_active = $2 limit $3',
      values: [evil, true, 5],
    });
    expect(sql`select 1`.compile()).toEqual({ text: 'select 1', values: [] });
  });

  it('splices a fragment into another with its parameters renumbered, as often as it appears', () => {
    const active = sql`is_active = ${true} and created_at > ${'2020-01-01'}`;
    const statement = sql`select id from users where email = ${'a@example.test'} and ${active} or (${active} and id = ${'u1'})`;
    expect(statement.compile()).toEqual({
      text: 'select id from users where email = $1 and is_active = $2 and created_at > $3 or (is_active = $4 and created_at > $5 and id = $6)',
      values: ['a@example.test', true, '2020-01-01', true, '2020-01-01', 'u1'],
    });
    const deeper = sql`with x as (${sql`select ${1} as a, ${sql`${2}::int`} as b`}) select * from x where a < ${3}`;
    expect(deeper.compile()).toEqual({
      text: 'with x as (select $1 as a, $2::int as b) select * from x where a < $3',
      values: [1, 2, 3],
    });
  });

  it('joins values and fragments: value lists and multi-row VALUES', () => {
    expect(sql`delete from t where id in (${sql.join(['a', 'b', 'c'])})`.compile()).toEqual({
      text: 'delete from t where id in ($1, $2, $3)',
      values: ['a', 'b', 'c'],
    });
    const rows = [
      ['k1', 60],
      ['k2', 3600],
    ].map(([key, seconds]) => sql`(${key}, 1, now() + make_interval(secs => ${seconds}))`);
    expect(
      sql`insert into buckets (key, hits, reset_at) values ${sql.join(rows)} returning key`.compile(),
    ).toEqual({
      text: 'insert into buckets (key, hits, reset_at) values ($1, 1, now() + make_interval(secs => $2)), ($3, 1, now() + make_interval(secs => $4)) returning key',
      values: ['k1', 60, 'k2', 3600],
    });
    expect(sql`where ${sql.join([sql`a = ${1}`, sql`b = ${2}`], sql` and `)}`.compile()).toEqual({
      text: 'where a = $1 and b = $2',
      values: [1, 2],
    });
    expect(sql`x${sql.join([])}y`.compile()).toEqual({ text: 'xy', values: [] });
    expect(sql`x${sql.empty}y`.compile()).toEqual({ text: 'xy', values: [] });
  });

  it('passes arrays, buffers, dates and null through to the driver as values', () => {
    const when = new Date('2024-01-02T03:04:05Z');
    const bytes = Buffer.from([1, 2]);
    expect(sql`${['a', 'b']}::text[] ${bytes} ${when} ${null}`.compile().values).toEqual([
      ['a', 'b'],
      bytes,
      when,
      null,
    ]);
  });

  it('refuses a string where a template belongs, and undefined values', () => {
    const text = 'select 1' as unknown as TemplateStringsArray;
    expect(() => sql(text)).toThrow(/template literal/);
    expect(() =>
      sql([`select * from users where email = '${'x'}'`] as unknown as TemplateStringsArray),
    ).toThrow(/template literal/);
    expect(() => sql`select ${undefined}`).toThrow(/value 1 is undefined/);
    expect(() => sql.join(['a', undefined])).toThrow(/item 2 is undefined/);
  });

  it('takes identifiers from a fixed list only, quoted', () => {
    const alias = sql.identifiers(['clientId', 'we"ird']);
    expect(sql`select c.id as ${alias('clientId')}, 1 as ${alias('we"ird')}`.compile().text).toBe(
      'select c.id as "clientId", 1 as "we""ird"',
    );
    expect(() => alias('"; drop table users; --' as 'clientId')).toThrow(/not in the list/);
  });

  it('escapes LIKE wildcards so typed text matches literally', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});

describe('identifiers from the entity metadata', () => {
  const hub = useTestHub(() => testConfig());
  const user = User as EntityName<object>;

  it('names tables and columns as the schema does, schema-qualified outside public', () => {
    const em = hub().orm.em.fork();
    expect(sql`${sql.table(em, user)}.${sql.column(em, user, 'dateJoined')}`.compile().text).toBe(
      '"users"."date_joined"',
    );
    expect(sql.column(em, Session as EntityName<object>, 'user').compile().text).toBe('"user_id"');
    expect(sql.table(em, DirectoryAccount as EntityName<object>).compile().text).toBe(
      '"directory"."accounts"',
    );
  });

  it('refuses a property the entity does not have', () => {
    const em = hub().orm.em.fork();
    expect(() => sql.column(em, user, 'email; drop table users')).toThrow(/has no column/);
  });
});

describe('the runner', () => {
  const hub = useTestHub(() => testConfig());

  it('sends values as parameters: text that looks like SQL comes back as it went in', async () => {
    const em = hub().orm.em.fork();
    const evil = "'); delete from users; --";
    expect(await query(em, sql`select ${evil}::text as v`)).toEqual([{ v: evil }]);
    expect(await queryRows(em, sql`select ${evil}::text as v`)).toEqual([{ v: evil }]);
  });

  it('reads rows as em.execute does (timestamps and counts as text, bytea as Buffer, json parsed)', async () => {
    const em = hub().orm.em.fork();
    const text = `select now() as at, count(*) as n, '\\x0102'::bytea as b, '{"a":1}'::jsonb as j,
      array['x','y'] as list from users`;
    const [expected] = await em.execute<Record<string, unknown>[]>(text);
    expect(expected).toMatchObject({ n: '0', b: Buffer.from([1, 2]), j: { a: 1 }, list: ['x', 'y'] });
    expect(typeof expected!.at).toBe('string');
    const fixed = sql`select now() as at, count(*) as n, '\\x0102'::bytea as b, '{"a":1}'::jsonb as j,
      array['x','y'] as list from users`;
    for (const [row] of [
      await query<Record<string, unknown>>(em, fixed),
      await queryRows<Record<string, unknown>>(em, fixed),
    ]) {
      expect(Object.keys(row!)).toEqual(Object.keys(expected!));
      expect({ ...row, at: typeof row!.at }).toEqual({ ...expected, at: 'string' });
    }
  });

  it("runs in the EntityManager's transaction: rolled back with it, its locks held until it ends", async () => {
    const email = 'runner@example.test';
    const other = hub().orm.em.fork();
    await expect(
      hub()
        .orm.em.fork()
        .transactional(async (tx) => {
          await command(
            tx,
            sql`insert into users (id, email, username, created_at, updated_at, date_joined)
              values (gen_random_uuid(), ${email}, 'runner', now(), now(), now())`,
          );
          expect(await query(tx, sql`select email from users where email = ${email}`)).toHaveLength(1);
          // The pool path never joins a transaction: the uncommitted row is not there for it.
          expect(await queryRows(tx, sql`select email from users where email = ${email}`)).toHaveLength(0);
          await query(tx, sql`select pg_advisory_xact_lock(${4242})`);
          const [elsewhere] = await queryRows<{ locked: boolean }>(
            other,
            sql`select pg_try_advisory_xact_lock(${4242}) as locked`,
          );
          expect(elsewhere!.locked).toBe(false);
          throw new Error('roll back');
        }),
    ).rejects.toThrow('roll back');
    expect(await query(other, sql`select email from users where email = ${email}`)).toEqual([]);
  });

  it('counts the rows a command touched, and raises the ORM exceptions', async () => {
    const em = hub().orm.em.fork();
    await command(
      em,
      sql`insert into users (id, email, username, created_at, updated_at, date_joined)
        values (gen_random_uuid(), 'count@example.test', 'count', now(), now(), now())`,
    );
    expect(
      await command(em, sql`update users set display_name = ${'C'} where email = ${'count@example.test'}`),
    ).toBe(1);
    expect(await command(em, sql`update users set display_name = ${'C'} where email = ${'nobody'}`)).toBe(0);
    const again = sql`insert into users (id, email, username, created_at, updated_at, date_joined)
      values (gen_random_uuid(), 'count@example.test', 'count2', now(), now(), now())`;
    await expect(command(em, again)).rejects.toMatchObject({ name: 'UniqueConstraintViolationException' });
    await expect(queryRows(em, again)).rejects.toMatchObject({ name: 'UniqueConstraintViolationException' });
  });

  // Last in this file: the fallback it provokes lasts for the rest of the process.
  it('runs a prepared statement like any other, and falls back to unprepared when a migration changes its result', async () => {
    const em = hub().orm.em.fork();
    await command(em, sql`create table runner_prepared (id int primary key, a text)`);
    await command(em, sql`insert into runner_prepared values (1, 'one'), (2, 'two')`);
    const byId = (id: number) => sql`select * from runner_prepared where id = ${id}`;
    // One at a time, the pool hands back the connection it just used: what that session prepared.
    const preparedOnConnection = async () =>
      (await queryRows<{ statement: string }>(em, sql`select statement from pg_prepared_statements`)).map(
        ({ statement }) => statement,
      );
    // Each value is bound anew: the statement is prepared once per connection, not its answer.
    for (let round = 0; round < 8; round += 1) {
      expect(await queryPreparedRows(em, byId(1))).toEqual([{ id: 1, a: 'one' }]);
      expect(await queryPreparedRows(em, byId(2))).toEqual([{ id: 2, a: 'two' }]);
    }
    expect(await queryPreparedRows(em, byId(3))).toEqual([]);
    expect(await preparedOnConnection()).toContain(byId(1).compile().text);
    // A failure of the statement itself reaches the caller as any statement's would, and does
    // not stop preparing.
    const duplicate = sql`insert into runner_prepared values (${1}, 'dup') returning id`;
    await expect(queryPreparedRows(em, duplicate)).rejects.toMatchObject({
      name: 'UniqueConstraintViolationException',
    });
    const byA = (a: string) => sql`select id from runner_prepared where a = ${a}`;
    expect(await queryPreparedRows(em, byA('two'))).toEqual([{ id: 2 }]);
    expect(await preparedOnConnection()).toContain(byA('two').compile().text);
    // PostgreSQL refuses a prepared `select *` whose columns changed ("cached plan must not
    // change result type"); the caller gets the rows, not that error.
    // More at once than the pool has connections: every connection prepares the statement.
    const everyConnection = (expected: object[]) =>
      Promise.all(
        Array.from({ length: 24 }, async () =>
          expect(await queryPreparedRows(em, byId(1))).toEqual(expected),
        ),
      );
    await everyConnection([{ id: 1, a: 'one' }]);
    await command(em, sql`alter table runner_prepared add column b int not null default 7`);
    await everyConnection([{ id: 1, a: 'one', b: 7 }]);
    // From then on this process runs its statements unprepared.
    const byB = (b: number) => sql`select id from runner_prepared where b = ${b} order by id`;
    expect(await queryPreparedRows(em, byB(7))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await preparedOnConnection()).not.toContain(byB(7).compile().text);
  });
});
