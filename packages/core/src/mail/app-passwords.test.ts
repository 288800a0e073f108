import { argon2Verify } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import {
  createAppPassword,
  generateAppPassword,
  listAppPasswords,
  revokeAppPassword,
} from './app-passwords.ts';
import { applyMailEntitlements, mailEntitlementsOf } from './entitlements.ts';
import { provisionMailbox } from './mailbox.ts';
import { createPerson, createPlan } from './test-support.ts';

describe('app passwords', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().execute(query, params);

  async function personWithMailbox(limits: { maxAppPasswords?: number } = {}) {
    const person = await createPerson(em(), { plan: await createPlan(em(), limits) });
    const mailbox = await provisionMailbox(em(), hub().config, person.id, `pw-${person.username}`);
    return { person, account: mailbox.accountName };
  }

  it('stores $app$<label>$<argon2id PHC> that an independent argon2 implementation verifies', async () => {
    const { person, account } = await personWithMailbox();
    const created = await createAppPassword(em(), hub().config, person.id, '  Phone ');
    expect(created.label).toBe('Phone');
    expect(created.password).toMatch(/^[a-z2-9]{6}(-[a-z2-9]{6}){3}$/);

    const [row] = await sql('select name, label, secret from directory.app_passwords where id = ?', [
      created.id,
    ]);
    expect(row).toMatchObject({ name: account, label: 'Phone' });
    const secret = row!.secret as string;
    expect(secret.startsWith('$app$Phone$$argon2id$v=19$')).toBe(true);
    const phc = secret.slice('$app$Phone$'.length);
    // hash-wasm is a separate argon2 implementation (WebAssembly) from the one that hashed it.
    expect(await argon2Verify({ password: created.password, hash: phc })).toBe(true);
    expect(await argon2Verify({ password: `${created.password}x`, hash: phc })).toBe(false);
    // The password itself is stored nowhere.
    const dump = JSON.stringify(await sql('select * from directory.app_passwords'));
    expect(dump).not.toContain(created.password);
  });

  it('lists, enforces the limit and unique labels, and revokes one', async () => {
    const { person } = await personWithMailbox({ maxAppPasswords: 2 });
    const phone = await createAppPassword(em(), hub().config, person.id, 'Phone');
    await expect(createAppPassword(em(), hub().config, person.id, 'phone')).rejects.toMatchObject({
      code: 'CONFLICT',
      fieldErrors: { label: [expect.stringContaining('already')] },
    });
    await createAppPassword(em(), hub().config, person.id, 'Laptop');
    await expect(createAppPassword(em(), hub().config, person.id, 'Tablet')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('allows 2'),
    });
    expect((await listAppPasswords(em(), person.id)).map((row) => row.label)).toEqual(['Phone', 'Laptop']);
    const listed = await listAppPasswords(em(), person.id);
    expect(listed[0]).toEqual({
      id: phone.id,
      label: 'Phone',
      createdAt: expect.any(Date),
      lastUsedAt: null,
    });
    expect(JSON.stringify(listed)).not.toMatch(/argon2|\$app\$/);

    await revokeAppPassword(em(), person.id, phone.id);
    expect((await listAppPasswords(em(), person.id)).map((row) => row.label)).toEqual(['Laptop']);
    await createAppPassword(em(), hub().config, person.id, 'Tablet');
  });

  it('refuses labels Stalwart cannot parse and never touches someone else’s passwords', async () => {
    const { person } = await personWithMailbox();
    const other = await personWithMailbox();
    for (const [label, reason] of [
      ['a$b', /\$ sign/],
      ['', /name/],
      ['x'.repeat(65), /at most 64/],
      ['tab\there', /printable/],
    ] as const) {
      await expect(createAppPassword(em(), hub().config, person.id, label)).rejects.toMatchObject({
        code: 'BAD_INPUT',
        fieldErrors: { label: [expect.stringMatching(reason)] },
      });
    }
    const theirs = await createAppPassword(em(), hub().config, other.person.id, 'Theirs');
    await expect(revokeAppPassword(em(), person.id, theirs.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listAppPasswords(em(), other.person.id)).toHaveLength(1);
  });

  it('creates none while the mailbox is receive-only or missing', async () => {
    const { person } = await personWithMailbox();
    const fork = em();
    const entitlements = (await mailEntitlementsOf(fork, hub().config, person.id))!;
    await applyMailEntitlements(fork, hub().config, person.id, { ...entitlements, mailbox: 'receive-only' });
    await fork.flush();
    await expect(createAppPassword(em(), hub().config, person.id, 'Phone')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('receive'),
    });
    const noMailbox = await createPerson(em(), { plan: await createPlan(em()) });
    await expect(createAppPassword(em(), hub().config, noMailbox.id, 'Phone')).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('generates different strong passwords', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateAppPassword()));
    expect(seen.size).toBe(200);
  });
});
