import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadMozillaTokens, SigningKey, sealMozillaTokens, User } from '@accounts/core/identity';
import { callerFor, testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

// Every case starts the CLI (a fresh Node process loading MikroORM) several times: seconds each
// on two shared cores, so the cases get more than the package's default 20 s.
describe('the accounts CLI (identity commands)', { timeout: 90_000 }, () => {
  const hub = useTestHub(() => testConfig());

  function cli(
    args: string[],
    scheme: 'fxa' | 'password' = 'password',
    encryptionKey?: string,
    extraEnv: Record<string, string> = {},
  ) {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      env: {
        ...extraEnv,
        DATABASE_URL: hub().database.url,
        PUBLIC_URL: 'http://localhost:3000',
        ENCRYPTION_KEY: encryptionKey ?? randomBytes(32).toString('base64'),
        MAIL_DOMAINS: 'mail.test',
        AUTH_SCHEME: scheme,
        FXA_CLIENT_ID: 'cli-test',
        FXA_CLIENT_SECRET: 'cli-test-secret',
        // NODE_ENV is unset, so this is a production configuration: it needs Paddle's settings,
        // a metrics token and SMTP_URL (every process validates the one environment they share).
        SMTP_URL: 'smtp://127.0.0.1:9',
        PADDLE_API_KEY: 'pdl_cli_test_key',
        PADDLE_CLIENT_TOKEN: 'test_cli_client_token',
        PADDLE_WEBHOOK_SECRET: 'pdl_ntfset_cli_test',
        METRICS_TOKEN: 'cli-test-metrics-token',
        LOG_LEVEL: 'silent',
      },
    });
    return { status: result.status, out: result.stdout, err: result.stderr };
  }

  it('user:create makes a staff user with a generated password shown once', async () => {
    const run = cli(['user:create', '--email', 'First.Staff@Example.test', '--staff']);
    expect(run.status).toBe(0);
    const password = /password \(shown once, store it now\): (\S+)/.exec(run.out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const user = await hub()
      .orm.em.fork()
      .findOneOrFail(User, { email: 'first.staff@example.test' }, { populate: ['password'] });
    expect(user).toMatchObject({ isStaff: true, isSuperuser: true, username: 'first.staff' });
    expect(user.password).toMatch(/^\$argon2id\$/);
    const { caller } = callerFor(hub());
    expect(await caller.auth.signInWithPassword({ identifier: 'first.staff', password: password! })).toEqual({
      redirectTo: '/auth/continue',
    });

    const again = cli(['user:create', '--email', 'first.staff@example.test']);
    expect(again.status).toBe(1);
    expect(again.err).toContain('already exists');
    expect(cli(['user:create', '--email', 'weak@example.test', '--password', 'short']).err).toContain(
      'at least 10',
    );
    expect(cli(['user:create']).status).toBe(2);
  }, 90_000); // five CLI processes: each start-up takes seconds on a loaded machine

  it('db:seed refuses to run in production (its superuser has a known password), and seeds in development', async () => {
    const staffEmail = 'seed.staff@example.test';
    for (const nodeEnv of [{}, { NODE_ENV: 'production' }] as Record<string, string>[]) {
      const refused = cli(['db:seed', '--staff-email', staffEmail], 'password', undefined, nodeEnv);
      expect(refused.status).toBe(78);
      expect(refused.err).toContain('db:seed refused: NODE_ENV is production');
      expect(refused.out).toBe('');
    }
    expect(await hub().orm.em.fork().count(User, { email: staffEmail })).toBe(0);

    const seeded = cli(['db:seed', '--staff-email', staffEmail], 'password', undefined, {
      NODE_ENV: 'development',
    });
    expect(seeded.err).toBe('');
    expect(seeded.status).toBe(0);
    expect(seeded.out).toContain(`staff user ${staffEmail}`);
    expect(await hub().orm.em.fork().findOneOrFail(User, { email: staffEmail })).toMatchObject({
      isSuperuser: true,
    });
  }, 90_000); // three CLI processes

  it('user:create under fxa makes no password', async () => {
    const run = cli(['user:create', '--email', 'fxa.person@example.test'], 'fxa');
    expect(run.status).toBe(0);
    expect(run.out).toContain('signs in with Mozilla accounts');
    const user = await hub()
      .orm.em.fork()
      .findOneOrFail(User, { email: 'fxa.person@example.test' }, { populate: ['password'] });
    expect(user.password).toBeNull();
  });

  it('keys:rotate publishes a new key that signs later', async () => {
    const run = cli(['keys:rotate', '--lead-seconds', '900']);
    expect(run.status).toBe(0);
    const kid = /new signing key (\S+):/.exec(run.out)?.[1];
    const key = await hub().orm.em.fork().findOneOrFail(SigningKey, { kid: kid! });
    expect(key.retiresAt).toBeNull();
    expect(cli(['keys:rotate', '--lead-seconds', 'soon']).status).toBe(2);
  });

  it('keys:reseal moves what key A sealed to key B, after which A can be removed', async () => {
    const keyA = { id: 'kA', key: randomBytes(32) };
    const keyB = { id: 'kB', key: randomBytes(32) };
    const env = (...keys: { id: string; key: Buffer }[]) =>
      keys.map((key) => `${key.id}:${key.key.toString('base64')}`).join(',');
    const onlyA = { ...hub().config, encryptionKeys: [keyA] };
    const em = hub().orm.em.fork();
    // keys:rotate above sealed signing keys with throwaway keys: start from none.
    await em.nativeDelete(SigningKey, {});
    const user = em.create(User, { email: 'sealed@example.test', username: 'sealed' });
    user.fxaToken = sealMozillaTokens(onlyA, user.id, {
      accessToken: 'access',
      refreshToken: 'refresh',
      accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await em.flush();

    const check = cli(['keys:reseal', '--check'], 'password', env(keyB, keyA));
    expect(check.out).toContain('users.fxa_token: by key kA: 1');
    expect(check.status).toBe(1);

    const run = cli(['keys:reseal', '--batch-size', '1'], 'password', env(keyB, keyA));
    expect(run.err).toBe('');
    expect(run.out).toContain(
      'users.fxa_token: 1 re-sealed, 0 unreadable, 0 changed meanwhile; by key kB: 1',
    );
    expect(run.out).toContain('the other keys can be removed');
    expect(run.status).toBe(0);

    const withoutA = cli(['keys:reseal', '--check'], 'password', env(keyB));
    expect(withoutA.status).toBe(0);
    const onlyB = { ...hub().config, encryptionKeys: [keyB] };
    expect(await loadMozillaTokens(hub().orm.em.fork(), onlyB, user.id)).toMatchObject({
      accessToken: 'access',
      refreshToken: 'refresh',
    });
    expect(cli(['keys:reseal', '--batch-size', '0']).status).toBe(2);
  }, 90_000); // four CLI processes, each starting Node and the ORM: slow on a busy machine
});
