import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Client, ClientEnvironment, ClientWebhook } from '../../clients/entities.ts';
import { webhookSecretContext } from '../../clients/registry.ts';
import { SigningKey, User } from '../../identity/entities.ts';
import { loadMozillaTokens, sealMozillaTokens } from '../../identity/mozilla/stored-tokens.ts';
import { signAccessToken } from '../../identity/signing-keys.ts';
import type { EncryptionKey, HubConfig } from '../../kernel/config.ts';
import { sealedColumnName } from '../../kernel/crypto/reseal.ts';
import { openText, seal, sealedKeyId } from '../../kernel/crypto/sealed-box.ts';
import { query } from '../../kernel/db/runner.ts';
import { sql } from '../../kernel/db/sql.ts';
import { OutgoingMail } from '../../kernel/outgoing-mail/entity.ts';
import { outgoingMailContext } from '../../kernel/outgoing-mail/queue.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { resealAll, SEALED_COLUMNS } from './reseal.ts';

const keyA: EncryptionKey = { id: 'kA', key: randomBytes(32) };
const keyB: EncryptionKey = { id: 'kB', key: randomBytes(32) };
const withKeys = (config: HubConfig, keys: EncryptionKey[]): HubConfig => ({
  ...config,
  encryptionKeys: keys,
});

/** bytea columns that hold hashes, not sealed values: nothing to re-seal. */
const HASH_COLUMNS = [
  'sessions.token_hash',
  'authorization_codes.code_hash',
  'refresh_tokens.token_hash',
  'user_tokens.token_hash',
  'client_environments.auth_token',
  'client_environments.previous_auth_token',
];

describe('keys:reseal (re-sealing every sealed value with the current key)', () => {
  const hub = useTestHub(() => testConfig({ encryptionKeys: [keyA] }));

  it('knows every sealed column: each bytea column of the schema is listed as sealed or as a hash', async () => {
    const em = hub().orm.em.fork();
    const rows = await query<{ name: string }>(
      em,
      sql`select table_name || '.' || column_name as name from information_schema.columns
        where table_schema = 'public' and data_type = 'bytea' order by 1`,
    );
    const sealed = SEALED_COLUMNS.map((column) => sealedColumnName(em, column));
    expect(rows.map((row) => row.name).sort()).toEqual([...sealed, ...HASH_COLUMNS].sort());
  });

  it('moves everything sealed with key A to key B in batches, so A can go; a second run changes nothing', async () => {
    const onlyA = hub().config;
    const em = hub().orm.em.fork();
    const users = Array.from({ length: 5 }, (_, index) =>
      em.create(User, { email: `sealed${index}@example.test`, username: `sealed${index}` }),
    );
    for (const [index, user] of users.entries()) {
      user.fxaToken = sealMozillaTokens(onlyA, user.id, {
        accessToken: `access-${index}`,
        refreshToken: `refresh-${index}`,
        accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
      });
    }
    const client = em.create(Client, { name: 'reseal-app' });
    const environment = em.create(ClientEnvironment, {
      client,
      environment: 'prod',
      redirectUrl: 'https://app.example/callback',
      authToken: randomBytes(32),
      tokenHint: 'acc_env_abcd',
    });
    const webhook = em.create(ClientWebhook, {
      clientEnvironment: environment,
      name: 'events',
      webhookUrl: 'https://app.example/hook',
      type: 'auth',
      secret: Buffer.alloc(0),
    });
    webhook.secret = seal(onlyA.encryptionKeys, 'whsec_current', webhookSecretContext(webhook.id));
    webhook.previousSecret = seal(onlyA.encryptionKeys, 'whsec_previous', webhookSecretContext(webhook.id));
    const mailId = randomUUID();
    em.create(OutgoingMail, {
      id: mailId,
      kind: 'test.note',
      userId: null,
      recipient: 'someone@example.test',
      subject: 'A note',
      body: seal(onlyA.encryptionKeys, '{"text":"t","html":"h"}', outgoingMailContext(mailId)),
      nextAttemptAt: new Date(),
    });
    // A value sealed with a key nobody holds any more cannot be moved; it is reported, not lost.
    const lost = em.create(User, { email: 'lost@example.test', username: 'lost' });
    lost.fxaToken = seal([{ id: 'kGone', key: randomBytes(32) }], '{}', `user:${lost.id}:fxa-token`);
    await em.flush();
    const { token } = await signAccessToken(em, onlyA, {
      sub: users[0]!.id,
      aud: 'app',
      client_id: 'app',
      sid: 'session',
      email: users[0]!.email,
      email_verified: false,
    });
    const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid as string;

    const rotated = withKeys(onlyA, [keyB, keyA]);
    const dry = await resealAll(hub().orm.em.fork(), rotated, { dryRun: true });
    expect(dry.remainingOnOldKeys).toEqual({ kA: 9, kGone: 1 });

    const report = await resealAll(hub().orm.em.fork(), rotated, { batchSize: 2 });
    expect(report.currentKeyId).toBe('kB');
    expect(report.columns).toEqual([
      expect.objectContaining({
        name: 'users.fxa_token',
        resealed: 5,
        unreadable: 1,
        byKeyId: { kB: 5, kGone: 1 },
      }),
      expect.objectContaining({ name: 'signing_keys.private_key', resealed: 1, byKeyId: { kB: 1 } }),
      expect.objectContaining({ name: 'client_webhooks.secret', resealed: 1, byKeyId: { kB: 1 } }),
      expect.objectContaining({ name: 'client_webhooks.previous_secret', resealed: 1, byKeyId: { kB: 1 } }),
      expect.objectContaining({ name: 'outgoing_mail.body', resealed: 1, byKeyId: { kB: 1 } }),
    ]);
    expect(report.remainingOnOldKeys).toEqual({ kGone: 1 });

    const again = await resealAll(hub().orm.em.fork(), rotated, { batchSize: 2 });
    expect(again.columns.map((column) => column.resealed)).toEqual([0, 0, 0, 0, 0]);

    // Key A removed: everything still opens.
    const onlyB = withKeys(onlyA, [keyB]);
    const check = hub().orm.em.fork();
    for (const [index, user] of users.entries()) {
      expect(await loadMozillaTokens(check, onlyB, user.id)).toMatchObject({
        accessToken: `access-${index}`,
      });
    }
    const stored = await check.findOneOrFail(ClientWebhook, webhook.id, {
      populate: ['secret', 'previousSecret'],
    });
    expect(sealedKeyId(Buffer.from(stored.secret))).toBe('kB');
    expect(openText([keyB], Buffer.from(stored.secret), webhookSecretContext(webhook.id))).toBe(
      'whsec_current',
    );
    expect(openText([keyB], Buffer.from(stored.previousSecret!), webhookSecretContext(webhook.id))).toBe(
      'whsec_previous',
    );
    const next = await signAccessToken(check, onlyB, {
      sub: users[0]!.id,
      aud: 'app',
      client_id: 'app',
      sid: 'session',
      email: users[0]!.email,
      email_verified: false,
    });
    // The same signing key signs (its private half opened with B); no new key had to be made.
    expect(JSON.parse(Buffer.from(next.token.split('.')[0]!, 'base64url').toString()).kid).toBe(kid);
    expect(await check.count(SigningKey, {})).toBe(1);
  });
});
