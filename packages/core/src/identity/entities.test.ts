import { describe, expect, it } from 'vitest';
import { Client, ClientConnection, ClientEnvironment } from '../clients/entities.ts';
import { sha256 } from '../kernel/crypto/tokens.ts';
import { AuthorizationCode, LoginRequest, RefreshToken } from '../orchestration/client-login/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { RateLimitBucket, SecurityEventReceipt, Session, SigningKey, User, UserToken } from './entities.ts';

describe('identity tables', () => {
  const hub = useTestHub(() => testConfig());

  it('writes and reads a user with every column', async () => {
    const em = hub().orm.em.fork();
    const user = em.create(User, {
      email: 'ada@example.test',
      username: 'ada',
      fxaId: 'fxa-uid-1',
      displayName: 'Ada',
      avatarUrl: 'https://example.test/a.png',
      language: 'de',
      timezone: 'Europe/Berlin',
      fxaToken: Buffer.from([1, 2, 3]),
      password: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    });
    await em.flush();
    const read = await em.fork().findOneOrFail(User, { id: user.id }, { populate: ['fxaToken', 'password'] });
    expect(read).toMatchObject({ email: 'ada@example.test', fxaId: 'fxa-uid-1', timezone: 'Europe/Berlin' });
    expect(read.fxaToken).toEqual(Buffer.from([1, 2, 3]));
    expect(read.isActive).toBe(true);
    expect(read.isStaff).toBe(false);
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.dateJoined).toBeInstanceOf(Date);
  });

  it('refuses a second user with the same email or fxa id, and mixed-case emails', async () => {
    const em = hub().orm.em.fork();
    em.create(User, { email: 'dup@example.test', username: 'dup1', fxaId: 'fxa-dup' });
    await em.flush();
    await expect(
      em.fork().insert(User, { email: 'dup@example.test', username: 'dup2' } as never),
    ).rejects.toThrow(/users_email_unique/);
    await expect(
      em.fork().insert(User, { email: 'other@example.test', username: 'dup3', fxaId: 'fxa-dup' } as never),
    ).rejects.toThrow(/users_fxa_id_unique/);
    await expect(
      em.fork().insert(User, { email: 'Mixed@Example.test', username: 'mixed' } as never),
    ).rejects.toThrow(/users_email_check/);
  });

  it('writes sessions, login requests, codes, refresh tokens and keys, and deletes a user with them', async () => {
    const em = hub().orm.em.fork();
    const user = em.create(User, { email: 'sessions@example.test', username: 'sessions' });
    const client = em.create(Client, { name: 'Identity Test App' });
    const environment = em.create(ClientEnvironment, {
      client,
      environment: 'dev',
      redirectUrl: 'https://app.example.test/callback',
      authToken: sha256('t1'),
      tokenHint: 'acc_env_t1',
    });
    const later = new Date(Date.now() + 60_000);
    const session = em.create(Session, {
      user,
      tokenHash: sha256('session'),
      expiresAt: later,
      absoluteExpiresAt: later,
      method: 'password',
      ip: '127.0.0.1',
      userAgent: 'test',
    });
    em.create(LoginRequest, { environment, state: 'xyz', expiresAt: later });
    em.create(AuthorizationCode, { codeHash: sha256('code'), user, session, environment, expiresAt: later });
    em.create(RefreshToken, {
      familyId: crypto.randomUUID(),
      tokenHash: sha256('refresh'),
      user,
      session,
      environment,
      expiresAt: later,
    });
    em.create(UserToken, { user, purpose: 'invite', tokenHash: sha256('invite'), expiresAt: later });
    em.create(ClientConnection, { user, client });
    em.create(SigningKey, {
      kid: 'k-test',
      algorithm: 'ES256',
      publicJwk: { kty: 'EC' },
      privateKey: Buffer.from('sealed'),
      activatesAt: new Date(),
    });
    em.create(SecurityEventReceipt, { jti: 'jti-1', subject: 'fxa-uid', events: ['password-change'] });
    em.create(RateLimitBucket, { key: 'login:ip:127.0.0.1', hits: 1, resetAt: later });
    await em.flush();

    const check = em.fork();
    expect(await check.count(Session, { user: user.id })).toBe(1);
    expect(await check.count(RefreshToken, { user: user.id })).toBe(1);
    expect((await check.findOneOrFail(SigningKey, { kid: 'k-test' })).publicJwk).toEqual({ kty: 'EC' });

    await check.nativeDelete(User, { id: user.id });
    for (const entity of [Session, AuthorizationCode, RefreshToken, UserToken, ClientConnection] as const) {
      expect(await em.fork().count(entity as never, { user: user.id } as never)).toBe(0);
    }
  });
});
