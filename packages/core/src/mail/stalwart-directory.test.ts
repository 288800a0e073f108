// Runs Stalwart's own queries (every release line, verbatim) and the ones we ship as the read-only
// role Stalwart signs in with, against a directory of 100,000+ accounts, and checks the rows and the
// plans. Also proves the role can read the directory and nothing else.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { adminQuery, withDatabase } from '@accounts/devkit/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import {
  ALL_QUERY_SETS,
  DEFAULT_QUERIES_0_9,
  DEFAULT_QUERIES_0_15,
  DEFAULT_QUERIES_0_16,
  FULL_SCAN_DEFAULTS,
  HUB_QUERIES_0_15,
  HUB_QUERIES_0_16,
} from './stalwart-queries.ts';
import { grantStalwartRole, scramVerifier } from './stalwart-role.ts';

const APP_SECRET = (label: string) =>
  `$app$${label}$$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA`;
const OWN_SECRET =
  '$argon2id$v=19$m=19456,t=2,p=1$b3duc2FsdG93bnNhbHQ$b3duaGFzaG93bmhhc2hvd25oYXNob3duaGFzaA';
const BULK_ACCOUNTS = 100_000;

describe('Stalwart reading the directory', () => {
  const hub = useTestHub(() => testConfig());
  const role = `stalwart_test_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  let stalwart: pg.Client;

  const owner = (query: string, params: unknown[] = []) => hub().orm.em.fork().execute(query, params);
  /** A query as Stalwart sends it: the role's connection, positional parameters. */
  const read = async (query: string, param: string) => (await stalwart.query(query, [param])).rows;

  beforeAll(async () => {
    await owner(`
      insert into directory.accounts (name, description, quota, secret, active, login_allowed, type) values
        ('alice@mail.test', 'Alice', 1000, null, true, true, 'individual'),
        ('bob@mail.test', 'Bob (receive-only)', 2000, '${OWN_SECRET}', true, false, 'individual'),
        ('carol@mail.test', 'Carol (inactive)', 3000, null, false, false, 'individual'),
        ('staff@mail.test', 'Staff', 0, '${OWN_SECRET}', true, true, 'individual'),
        ('team@mail.test', 'Team', 0, null, true, true, 'group');
      insert into directory.emails (name, address, type) values
        ('alice@mail.test', 'alice@mail.test', 'primary'),
        ('alice@mail.test', 'alice@alt.test', 'alias'),
        ('alice@mail.test', 'a.smith@mail.test', 'alias'),
        ('alice@mail.test', 'news@mail.test', 'list'),
        ('alice@mail.test', '@alice.example', 'alias'),
        ('bob@mail.test', 'bob@mail.test', 'primary'),
        ('carol@mail.test', 'carol@mail.test', 'primary'),
        ('staff@mail.test', 'staff@mail.test', 'primary'),
        ('team@mail.test', 'team@mail.test', 'primary'),
        ('team@mail.test', 'announce@mail.test', 'list'),
        ('staff@mail.test', 'stray@unverified.example', 'alias');
      insert into directory.group_members (name, member_of) values
        ('alice@mail.test', 'team@mail.test'), ('bob@mail.test', 'team@mail.test');
      insert into directory.app_passwords (name, label, secret) values
        ('alice@mail.test', 'phone', '${APP_SECRET('phone')}'),
        ('alice@mail.test', 'laptop', '${APP_SECRET('laptop')}'),
        ('bob@mail.test', 'phone', '${APP_SECRET('phone')}'),
        ('carol@mail.test', 'phone', '${APP_SECRET('phone')}');
      insert into directory.domains (name) values ('mail.test'), ('alt.test'), ('alice.example');
    `);
    // A directory of a realistic size, written set-based so it takes seconds.
    await owner(`
      insert into directory.accounts (name, description, quota)
        select 'bulk' || g || '@bulk.test', 'Bulk ' || g, 1073741824 from generate_series(1, ${BULK_ACCOUNTS}) g;
      insert into directory.emails (name, address, type)
        select 'bulk' || g || '@bulk.test', 'bulk' || g || '@bulk.test', 'primary' from generate_series(1, ${BULK_ACCOUNTS}) g
        union all
        select 'bulk' || g || '@bulk.test', 'bulk' || g || '@alt-bulk.test', 'alias' from generate_series(1, ${BULK_ACCOUNTS}) g;
      insert into directory.app_passwords (name, label, secret)
        select 'bulk' || g || '@bulk.test', 'phone', '${APP_SECRET('phone')}' from generate_series(1, ${BULK_ACCOUNTS}) g;
      insert into directory.accounts (name, type) select 'group' || g || '@bulk.test', 'group' from generate_series(1, 1000) g;
      insert into directory.emails (name, address, type)
        select 'group' || g || '@bulk.test', 'list' || g || '@bulk.test', 'list' from generate_series(1, 1000) g;
      insert into directory.group_members (name, member_of)
        select 'bulk' || g || '@bulk.test', 'group' || (g % 1000 + 1) || '@bulk.test' from generate_series(1, 20000) g;
      insert into directory.domains (name) select 'd' || g || '.example' from generate_series(1, 20000) g;
    `);
    await owner(
      'analyze directory.accounts, directory.emails, directory.app_passwords, directory.group_members, directory.domains',
    );
    await grantStalwartRole(hub().orm.em.fork(), { role, password });
    const url = new URL(hub().database.url);
    url.username = role;
    url.password = password;
    stalwart = new pg.Client({ connectionString: url.toString() });
    await stalwart.connect();
  }, 120_000);

  afterAll(async () => {
    await stalwart?.end();
    // Roles belong to the whole server: take ours away again.
    await adminQuery(hub().database.url, `drop owned by ${role}`).catch(() => {});
    await adminQuery(withDatabase(inject('postgresUrl'), 'postgres'), `drop role if exists ${role}`);
  });

  describe('default queries, verbatim', () => {
    it('up to 0.9: individuals, groups, aliases, lists, verify, expand and domains', async () => {
      const q = DEFAULT_QUERIES_0_9;
      expect(await read(q.name, 'alice@mail.test')).toEqual([
        { name: 'alice@mail.test', type: 'individual', secret: null, description: 'Alice', quota: '1000' },
      ]);
      expect(await read(q.name, 'team@mail.test')).toEqual([
        { name: 'team@mail.test', type: 'group', secret: null, description: 'Team', quota: '0' },
      ]);
      expect(await read(q.name, 'carol@mail.test')).toEqual([]);
      expect(await read(q.members, 'alice@mail.test')).toEqual([{ member_of: 'team@mail.test' }]);
      expect(await read(q.recipients, 'a.smith@mail.test')).toEqual([{ name: 'alice@mail.test' }]);
      expect(await read(q.recipients, 'announce@mail.test')).toEqual([{ name: 'team@mail.test' }]);
      expect(await read(q.recipients, 'nobody@mail.test')).toEqual([]);
      const emails = (await read(q.emails, 'alice@mail.test')).map((row) => row.address);
      expect(emails[0]).toBe('alice@mail.test');
      expect(emails.slice(1).sort()).toEqual(['@alice.example', 'a.smith@mail.test', 'alice@alt.test']);
      expect(await read(q.verify, 'lice@mail')).toEqual([{ address: 'alice@mail.test' }]);
      expect(await read(q.expand, 'news@mail.test')).toEqual([{ address: 'alice@mail.test' }]);
      expect(await read(q.expand, 'announce@mail.test')).toEqual([{ address: 'team@mail.test' }]);
      expect(await read(q.domains, 'alt.test')).toHaveLength(1);
      expect(await read(q.domains, 'nowhere.example')).toEqual([]);
      // The sample treats any domain that appears in an address as local — even one nobody verified.
      expect(await read(q.domains, 'unverified.example')).toHaveLength(1);
    });

    it('0.10 to 0.15', async () => {
      const q = DEFAULT_QUERIES_0_15;
      expect(await read(q.name, 'bob@mail.test')).toEqual([
        {
          name: 'bob@mail.test',
          type: 'individual',
          secret: OWN_SECRET,
          description: 'Bob (receive-only)',
          quota: '2000',
        },
      ]);
      expect(await read(q.members, 'bob@mail.test')).toEqual([{ member_of: 'team@mail.test' }]);
      expect(await read(q.recipients, 'alice@alt.test')).toEqual([{ name: 'alice@mail.test' }]);
      const emails = (await read(q.emails, 'alice@mail.test')).map((row) => row.address);
      expect(emails.slice(0, 2)).toEqual(['alice@mail.test', 'news@mail.test']);
      expect(emails.slice(2).sort()).toEqual(['@alice.example', 'a.smith@mail.test', 'alice@alt.test']);
      expect((await read(q.emails, 'team@mail.test')).map((row) => row.address)).toEqual([
        'team@mail.test',
        'announce@mail.test',
      ]);
    });

    it('0.16', async () => {
      const q = DEFAULT_QUERIES_0_16;
      expect(await read(q.queryLogin, 'alice@mail.test')).toEqual([
        { name: 'alice@mail.test', secret: null, description: 'Alice', type: 'individual' },
      ]);
      // The default login query reads no `active` column: why we ship our own.
      expect(await read(q.queryLogin, 'carol@mail.test')).toHaveLength(1);
      expect(await read(q.queryRecipient, 'team@mail.test')).toEqual([
        { name: 'team@mail.test', secret: null, description: 'Team', type: 'group' },
      ]);
      expect(await read(q.queryRecipient, 'carol@mail.test')).toEqual([]);
      // It matches account names only, so an alias is no recipient: why we ship our own.
      expect(await read(q.queryRecipient, 'a.smith@mail.test')).toEqual([]);
      expect(await read(q.queryMemberOf, 'alice@mail.test')).toEqual([{ member_of: 'team@mail.test' }]);
      expect((await read(q.queryEmailAliases, 'alice@mail.test')).map((row) => row.address).sort()).toEqual([
        '@alice.example',
        'a.smith@mail.test',
        'alice@alt.test',
        'alice@mail.test',
        'news@mail.test',
      ]);
    });
  });

  describe('the queries we ship', () => {
    it('0.10–0.15: no sign-in for receive-only or inactive accounts, delivery by state, app passwords', async () => {
      const q = HUB_QUERIES_0_15;
      expect(await read(q.name, 'staff@mail.test')).toEqual([
        { name: 'staff@mail.test', type: 'individual', secret: OWN_SECRET, description: 'Staff', quota: '0' },
      ]);
      expect(await read(q.name, 'bob@mail.test')).toEqual([
        {
          name: 'bob@mail.test',
          type: 'individual',
          secret: null,
          description: 'Bob (receive-only)',
          quota: '2000',
        },
      ]);
      expect(await read(q.name, 'carol@mail.test')).toEqual([]);
      expect((await read(q.secrets, 'alice@mail.test')).map((row) => row.secret).sort()).toEqual([
        APP_SECRET('laptop'),
        APP_SECRET('phone'),
      ]);
      expect(await read(q.secrets, 'bob@mail.test')).toEqual([]);
      expect(await read(q.secrets, 'carol@mail.test')).toEqual([]);

      expect(await read(q.recipients, 'a.smith@mail.test')).toEqual([{ name: 'alice@mail.test' }]);
      expect(await read(q.recipients, 'announce@mail.test')).toEqual([{ name: 'team@mail.test' }]);
      expect(await read(q.recipients, '@alice.example')).toEqual([{ name: 'alice@mail.test' }]);
      expect(await read(q.recipients, 'bob@mail.test')).toEqual([{ name: 'bob@mail.test' }]);
      expect(await read(q.recipients, 'carol@mail.test')).toEqual([]);
      expect(await read(q.members, 'bob@mail.test')).toEqual([{ member_of: 'team@mail.test' }]);

      const emails = (await read(q.emails, 'alice@mail.test')).map((row) => row.address);
      expect(emails.slice(0, 2)).toEqual(['alice@mail.test', 'news@mail.test']);
      expect(emails.slice(2).sort()).toEqual(['a.smith@mail.test', 'alice@alt.test']);

      expect(await read(q.verify, 'ALI')).toEqual([{ address: 'alice@mail.test' }]);
      expect(await read(q.verify, 'bo')).toEqual([{ address: 'bob@mail.test' }]);
      // A prefix, not a pattern: % and _ are plain characters.
      expect(await read(q.verify, '%')).toEqual([]);
      expect(await read(q.verify, 'a_ice')).toEqual([]);
      expect(await read(q.expand, 'news@mail.test')).toEqual([{ address: 'alice@mail.test' }]);

      expect(await read(q.domains, 'ALT.test')).toHaveLength(1);
      expect(await read(q.domains, 'alice.example')).toHaveLength(1);
      expect(await read(q.domains, 'unverified.example')).toEqual([]);
      expect(await read(q.domains, 'd19999.example')).toHaveLength(1);
    });

    it('0.16: one row per secret while sign-in is allowed, recipients by any address', async () => {
      const q = HUB_QUERIES_0_16;
      const bySecret = (a: { secret: string }, b: { secret: string }) => a.secret.localeCompare(b.secret);
      expect((await read(q.queryLogin, 'alice@mail.test')).sort(bySecret)).toEqual([
        { name: 'alice@mail.test', secret: APP_SECRET('laptop'), description: 'Alice', type: 'individual' },
        { name: 'alice@mail.test', secret: APP_SECRET('phone'), description: 'Alice', type: 'individual' },
      ]);
      expect(await read(q.queryLogin, 'staff@mail.test')).toEqual([
        { name: 'staff@mail.test', secret: OWN_SECRET, description: 'Staff', type: 'individual' },
      ]);
      expect(await read(q.queryLogin, 'bob@mail.test')).toEqual([]);
      expect(await read(q.queryLogin, 'carol@mail.test')).toEqual([]);

      expect(await read(q.queryRecipient, 'a.smith@mail.test')).toEqual([
        { name: 'alice@mail.test', secret: null, description: 'Alice', type: 'individual' },
      ]);
      expect(await read(q.queryRecipient, 'announce@mail.test')).toEqual([
        { name: 'team@mail.test', secret: null, description: 'Team', type: 'group' },
      ]);
      expect(await read(q.queryRecipient, 'bob@mail.test')).toHaveLength(1);
      expect(await read(q.queryRecipient, 'carol@mail.test')).toEqual([]);
      expect(await read(q.queryMemberOf, 'bob@mail.test')).toEqual([{ member_of: 'team@mail.test' }]);
      const aliases = (await read(q.queryEmailAliases, 'alice@mail.test')).map((row) => row.address);
      expect(aliases[0]).toBe('alice@mail.test');
      expect(aliases).not.toContain('@alice.example');
      expect(aliases).toHaveLength(4);
    });
  });

  describe(`plans on ${BULK_ACCOUNTS.toLocaleString('en')} accounts`, () => {
    interface PlanNode {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      'Index Cond'?: string;
      Plans?: PlanNode[];
    }
    const scans = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scans)];
    /** A search through an index (an Index Cond), not a walk over a whole index or table. */
    const searchesIndex = (node: PlanNode): boolean =>
      node['Node Type'] === 'Bitmap Heap Scan'
        ? scans(node).some(
            (child) => child['Node Type'] === 'Bitmap Index Scan' && Boolean(child['Index Cond']),
          )
        : /^Index (Only )?Scan$/.test(node['Node Type']) && Boolean(node['Index Cond']);

    /** The generic plan, the one a cached prepared statement ends up with whatever its parameter. */
    async function plan(query: string): Promise<PlanNode[]> {
      await stalwart.query('set plan_cache_mode = force_generic_plan');
      await stalwart.query(`prepare probe(text) as ${query}`);
      try {
        const result = await stalwart.query(`explain (format json) execute probe('bulk5000@bulk.test')`);
        return scans((result.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan);
      } finally {
        await stalwart.query('deallocate probe');
        await stalwart.query('reset plan_cache_mode');
      }
    }

    const everyQuery = Object.entries(ALL_QUERY_SETS).flatMap(([set, queries]) =>
      Object.entries(queries).map(([key, query]) => ({ id: `${set}.${key}`, query })),
    );

    it.each(everyQuery.filter(({ id }) => !(FULL_SCAN_DEFAULTS as readonly string[]).includes(id)))(
      '$id reads only through indexes',
      async ({ query }) => {
        const nodes = await plan(query);
        const tableScans = nodes.filter((node) => node['Relation Name']);
        expect(tableScans.length).toBeGreaterThan(0);
        for (const node of tableScans) {
          expect(searchesIndex(node), JSON.stringify(nodes, null, 1)).toBe(true);
        }
      },
    );

    it('uses the prefix index for the verify replacement', async () => {
      const nodes = await plan(HUB_QUERIES_0_15.verify);
      expect(nodes.map((node) => node['Index Name'])).toContain('emails_address_prefix_index');
    });

    it.each(FULL_SCAN_DEFAULTS.map((id) => ({ id })))(
      '$id reads every address, hence replaced',
      async ({ id }) => {
        const key = id.split('.').at(-1) as 'verify' | 'domains';
        const nodes = await plan(DEFAULT_QUERIES_0_9[key]);
        const emailScans = nodes.filter((node) => node['Relation Name'] === 'emails');
        expect(emailScans.length).toBeGreaterThan(0);
        expect(emailScans.some(searchesIndex)).toBe(false);
      },
    );
  });

  describe('the read-only role', () => {
    const refused = async (query: string) => {
      await expect(stalwart.query(query)).rejects.toThrow(/permission denied/);
    };

    it('reads unqualified names in the directory schema and is read-only by default', async () => {
      expect((await stalwart.query('show search_path')).rows).toEqual([{ search_path: 'directory' }]);
      await expect(stalwart.query(`insert into accounts (name) values ('x@mail.test')`)).rejects.toThrow(
        /read-only transaction/,
      );
    });

    it('cannot write, even after turning read-only transactions off', async () => {
      await stalwart.query('set default_transaction_read_only = off');
      try {
        await refused(`insert into accounts (name) values ('evil@mail.test')`);
        await refused(`update accounts set secret = '{PLAIN}x' where name = 'alice@mail.test'`);
        await refused(`delete from emails where name = 'alice@mail.test'`);
        await refused(
          `insert into app_passwords (name, label, secret) values ('alice@mail.test', 'x', '${APP_SECRET('x')}')`,
        );
        await refused('truncate group_members');
        await refused('create table directory.evil (x int)');
        await refused('create table public.evil (x int)');
      } finally {
        await stalwart.query('reset default_transaction_read_only');
      }
      expect(await read('select count(*)::int as n from emails where name = $1', 'alice@mail.test')).toEqual([
        { n: 5 },
      ]);
    });

    it('cannot read any table outside the directory schema', async () => {
      const tables = await owner(
        `select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema', 'directory')`,
      );
      expect(tables.map((row) => row.tablename)).toEqual(
        expect.arrayContaining(['users', 'sessions', 'mailboxes']),
      );
      for (const table of tables) {
        await refused(`select * from "${table.schemaname}"."${table.tablename}" limit 1`);
      }
    });

    it('has no special attributes and can read tables added to the directory later', async () => {
      const [attributes] = await owner(
        'select rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolreplication, rolbypassrls, rolcanlogin from pg_roles where rolname = ?',
        [role],
      );
      expect(attributes).toEqual({
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolinherit: false,
        rolreplication: false,
        rolbypassrls: false,
        rolcanlogin: true,
      });
      await owner(`create table directory.added_later (x int); insert into directory.added_later values (7)`);
      try {
        expect((await stalwart.query('select x from added_later')).rows).toEqual([{ x: 7 }]);
      } finally {
        await owner('drop table directory.added_later');
      }
    });

    it('keeps exactly these privileges when granted again', async () => {
      const privileges = () =>
        owner(
          `select table_schema, table_name, privilege_type from information_schema.role_table_grants
            where grantee = ? order by 1, 2, 3`,
          [role],
        );
      const before = await privileges();
      expect(new Set(before.map((row) => row.privilege_type))).toEqual(new Set(['SELECT']));
      expect(new Set(before.map((row) => row.table_schema))).toEqual(new Set(['directory']));
      await owner(`grant insert on directory.accounts to ${role}`); // a stray grant by hand
      const notes = await grantStalwartRole(hub().orm.em.fork(), { role, password });
      expect(notes[0]).toBe(`updated role ${role}`);
      expect(await privileges()).toEqual(before);
    });

    it('stores a SCRAM-SHA-256 verifier, never the password', async () => {
      const [stored] = await owner('select rolpassword from pg_authid where rolname = ?', [role]);
      expect(stored!.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:[^$]+\$[^:]+:.+$/);
      expect(stored!.rolpassword).not.toContain(password);
    });
  });
});

describe('SCRAM-SHA-256 verifier', () => {
  it('matches the RFC 7677 exchange for user/pencil', () => {
    const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096);
    // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
    const [, , keys] = verifier.split('$');
    const [storedKey, serverKey] = keys!.split(':').map((key) => Buffer.from(key, 'base64'));
    const authMessage =
      'n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const serverSignature = createHmac('sha256', serverKey!).update(authMessage).digest('base64');
    expect(serverSignature).toBe('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    // The client's proof from the RFC, checked the way the server checks it.
    const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
    const clientSignature = createHmac('sha256', storedKey!).update(authMessage).digest();
    const clientKey = Buffer.from(proof.map((byte, index) => byte ^ clientSignature[index]!));
    expect(createHash('sha256').update(clientKey).digest().equals(storedKey!)).toBe(true);
  });
});

describe('shipped Stalwart configuration', () => {
  const read = (path: string) =>
    readFileSync(new URL(`../../../../docs/stalwart/${path}`, import.meta.url), 'utf8');

  it('carries exactly the queries the tests run', () => {
    const toml = read('config-0.15.toml');
    for (const [key, query] of Object.entries(HUB_QUERIES_0_15)) {
      expect(toml).toContain(`${key} = ${JSON.stringify(query)}`);
    }
    const directory = JSON.parse(read('directory-0.16.json')) as Record<string, unknown>;
    expect(directory).toMatchObject(HUB_QUERIES_0_16);
  });
});
