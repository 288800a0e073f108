import { describe, expect, it } from 'vitest';
import { User } from '../identity/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import {
  CustomDomain,
  DirectoryAccount,
  DirectoryAppPassword,
  DirectoryDomain,
  DirectoryEmail,
  DirectoryGroupMember,
  Mailbox,
} from './entities.ts';

const PHC = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA';

describe('mail tables (Stalwart directory)', () => {
  const hub = useTestHub(() => testConfig());
  const sql = (query: string, params: unknown[] = []) =>
    hub().orm.em.fork().getConnection().execute(query, params);

  it('writes an account with addresses, app passwords and a group, and reads them back', async () => {
    const em = hub().orm.em.fork();
    const user = em.create(User, { email: 'reader@example.test', username: 'reader' });
    em.create(DirectoryAccount, { name: 'reader@mail.test', quota: 5 * 1024 ** 3, description: 'Reader' });
    em.create(DirectoryAccount, { name: 'team@mail.test', type: 'group' });
    await em.flush();
    em.create(DirectoryEmail, { name: 'reader@mail.test', address: 'reader@mail.test', type: 'primary' });
    em.create(DirectoryEmail, { name: 'reader@mail.test', address: 'reader@alt.test', type: 'alias' });
    em.create(DirectoryGroupMember, { name: 'reader@mail.test', memberOf: 'team@mail.test' });
    em.create(DirectoryAppPassword, {
      name: 'reader@mail.test',
      label: 'phone',
      secret: `$app$phone$${PHC}`,
    });
    em.create(DirectoryDomain, { name: 'mail.test' });
    em.create(Mailbox, { user, accountName: 'reader@mail.test', localPart: 'reader' });
    em.create(CustomDomain, { user, domain: 'reader.example', verificationToken: 'tok' });
    await em.flush();

    const account = await em.fork().findOneOrFail(DirectoryAccount, { name: 'reader@mail.test' });
    expect(account).toMatchObject({ type: 'individual', quota: 5 * 1024 ** 3, active: true });
    const addresses = await em
      .fork()
      .find(DirectoryEmail, { name: 'reader@mail.test' }, { orderBy: { address: 'asc' } });
    expect(addresses.map((row) => [row.address, row.type])).toEqual([
      ['reader@alt.test', 'alias'],
      ['reader@mail.test', 'primary'],
    ]);
    // Stalwart's own sample query reads it unchanged.
    const rows = await sql(
      'SELECT name, type, secret, description, quota FROM directory.accounts WHERE name = ? AND active = true',
      ['reader@mail.test'],
    );
    expect(rows).toEqual([
      {
        name: 'reader@mail.test',
        type: 'individual',
        secret: null,
        description: 'Reader',
        quota: String(5 * 1024 ** 3),
      },
    ]);
  });

  it('keeps names and addresses lower-case and each address in one account only', async () => {
    await sql(
      `insert into directory.accounts (id, name) values (gen_random_uuid(), 'one@mail.test'), (gen_random_uuid(), 'two@mail.test')`,
    );
    await expect(
      sql(`insert into directory.accounts (id, name) values (gen_random_uuid(), 'Caps@mail.test')`),
    ).rejects.toThrow(/accounts_name_check/);
    await sql(
      `insert into directory.emails (id, name, address, type) values (gen_random_uuid(), 'one@mail.test', 'shared@mail.test', 'alias')`,
    );
    await expect(
      sql(
        `insert into directory.emails (id, name, address, type) values (gen_random_uuid(), 'two@mail.test', 'shared@mail.test', 'list')`,
      ),
    ).rejects.toThrow(/emails_address_unique/);
    await expect(
      sql(
        `insert into directory.emails (id, name, address, type) values (gen_random_uuid(), 'one@mail.test', 'UP@mail.test', 'alias')`,
      ),
    ).rejects.toThrow(/emails_address_check/);
  });

  it('never stores a secret Stalwart would compare as plain text', async () => {
    await expect(
      sql(
        `insert into directory.accounts (id, name, secret) values (gen_random_uuid(), 'plain@mail.test', 'hunter2')`,
      ),
    ).rejects.toThrow(/accounts_secret_check/);
    await sql(`insert into directory.accounts (id, name) values (gen_random_uuid(), 'apps@mail.test')`);
    await expect(
      sql(
        `insert into directory.app_passwords (id, name, label, secret) values (gen_random_uuid(), 'apps@mail.test', 'x', 'plain')`,
      ),
    ).rejects.toThrow(/app_passwords_secret_check/);
    await expect(
      sql(
        `insert into directory.app_passwords (id, name, label, secret) values (gen_random_uuid(), 'apps@mail.test', 'a$b', ?)`,
        [`$app$a$b$${PHC}`],
      ),
    ).rejects.toThrow(/app_passwords_label_check/);
  });

  it('takes only hashed account secrets: no {PLAIN}, {CLEAR}, bare $ or unknown schemes', async () => {
    const account = (secret: string) =>
      sql(
        `insert into directory.accounts (id, name, secret) values (gen_random_uuid(), 'h' || gen_random_uuid() || '@mail.test', ?)`,
        [secret],
      );
    for (const plain of [
      '{PLAIN}hunter2',
      '{CLEAR}hunter2',
      '{plain}hunter2',
      '$x',
      '$hunter2',
      '{SHA}x',
      '$argon2id$',
    ]) {
      await expect(account(plain), plain).rejects.toThrow(/accounts_secret_check/);
    }
    const hashed = [
      PHC,
      '$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
      '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
      '$6$rounds=5000$saltsalt$abcdefghijklmnop',
      '$pbkdf2-sha256$29000$c2FsdA$aGFzaA',
      '{SSHA512}aGFzaGhhc2hoYXNoc2FsdA==',
    ];
    for (const secret of hashed) await account(secret);
  });

  it('takes only `$app$<label>$` followed by an argon2id hash as an app password', async () => {
    await sql(`insert into directory.accounts (id, name) values (gen_random_uuid(), 'apps2@mail.test')`);
    const appPassword = (label: string, secret: string) =>
      sql(
        `insert into directory.app_passwords (id, name, label, secret) values (gen_random_uuid(), 'apps2@mail.test', ?, ?)`,
        [label, secret],
      );
    for (const [label, secret] of [
      ['l', '$app$l$$x'],
      ['x', '$app$x$$plain'],
      // {PLAIN} after the label: written in two parts so it does not read as a template placeholder.
      ['x', ['$app$x$', '{PLAIN}plain'].join('')],
      ['x', '$app$x$plain'],
      ['x', '$app$x$$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'],
      ['x', `$app$x$${PHC}$extra`],
    ] as const) {
      await expect(appPassword(label, secret), secret).rejects.toThrow(/app_passwords_secret_check/);
    }
    await appPassword('phone', `$app$phone$${PHC}`);
  });

  it('renames and deletes an account together with its rows', async () => {
    await sql(
      `insert into directory.accounts (id, name) values (gen_random_uuid(), 'old@mail.test'), (gen_random_uuid(), 'grp@mail.test')`,
    );
    await sql(
      `insert into directory.emails (id, name, address, type) values (gen_random_uuid(), 'old@mail.test', 'old@mail.test', 'primary')`,
    );
    await sql(
      `insert into directory.group_members (id, name, member_of) values (gen_random_uuid(), 'old@mail.test', 'grp@mail.test')`,
    );
    await sql(`update directory.accounts set name = 'new@mail.test' where name = 'old@mail.test'`);
    expect(await sql(`select name from directory.emails where address = 'old@mail.test'`)).toEqual([
      { name: 'new@mail.test' },
    ]);
    await sql(`delete from directory.accounts where name = 'new@mail.test'`);
    expect(
      await sql(`select count(*)::int as n from directory.group_members where name = 'new@mail.test'`),
    ).toEqual([{ n: 0 }]);
    expect(await sql(`select count(*)::int as n from directory.emails where name = 'new@mail.test'`)).toEqual(
      [{ n: 0 }],
    );
  });

  it('lets several people claim a custom domain until one of them verifies it', async () => {
    const em = hub().orm.em.fork();
    const a = em.create(User, { email: 'claim-a@example.test', username: 'claim-a' });
    const b = em.create(User, { email: 'claim-b@example.test', username: 'claim-b' });
    em.create(CustomDomain, {
      user: a,
      domain: 'contested.example',
      verificationToken: 'a',
      verifiedAt: new Date(),
    });
    em.create(CustomDomain, { user: b, domain: 'contested.example', verificationToken: 'b' });
    await em.flush();
    await expect(
      sql(`update custom_domains set verified_at = now() where verification_token = 'b'`),
    ).rejects.toThrow(/custom_domains_verified_domain_unique/);
  });
});
