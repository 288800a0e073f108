import {
  Client,
  ClientConnection,
  ClientEnvironment,
  ClientWebhook,
  dispatchOutboxEvents,
  WebhookDelivery,
} from '@accounts/core/clients';
import { Session, User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { OutboxEvent, systemClock } from '@accounts/core/kernel';
import { ACCESS_TOKEN_SECONDS, AuthorizationCode, LoginRequest } from '@accounts/core/orchestration';
import { createTestClientApp, createTestUser, testConfig, useTestHub } from '@accounts/core/testing';
import type { FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testApp } from '../test-support.ts';
import {
  callbackParams,
  clientServer,
  fxaHubConfig,
  startHubFxaStandIn,
  TestBrowser,
} from './test-browser.ts';

const PUBLIC_URL = 'http://localhost:3000';
const APP_CALLBACK = 'https://calendar.example.test/auth/done';

/**
 * Fans out the outbox now (as the worker would at any moment) and answers which event types the
 * environment's auth webhook got for the person.
 */
async function dispatchedTo(hub: Hub, environmentId: string, userId: string): Promise<string[]> {
  const em = hub.orm.em.fork();
  if (!(await em.findOne(ClientWebhook, { clientEnvironment: environmentId }))) {
    em.create(ClientWebhook, {
      name: 'auth hook',
      webhookUrl: 'https://app.example.test/hooks',
      type: 'auth',
      secret: Buffer.from('sealed secret stand-in'),
      clientEnvironment: environmentId,
    });
    await em.flush();
  }
  await dispatchOutboxEvents(em, systemClock);
  const deliveries = await em
    .fork()
    .find(
      WebhookDelivery,
      { userId, webhook: { clientEnvironment: environmentId } },
      { populate: ['event'] },
    );
  return deliveries.map((delivery) => (delivery.event as unknown as { type: string }).type).sort();
}

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startHubFxaStandIn(PUBLIC_URL);
});
afterAll(() => fxa?.stop());

describe('login for client apps through Mozilla accounts', () => {
  const hub = useTestHub(() => fxaHubConfig(fxa, PUBLIC_URL, 2000));
  const app = () => testApp({ hub: hub() });
  async function clientApp(redirectUrl = APP_CALLBACK) {
    const created = await createTestClientApp(hub().orm.em.fork(), { redirectUrl });
    return { ...created, server: clientServer(app(), PUBLIC_URL, created.token) };
  }

  /** Plays the whole login: login URL -> browser -> Mozilla -> back to the app with a code. */
  async function login(
    server: Awaited<ReturnType<typeof clientApp>>['server'],
    person: TestBrowser,
    email: string,
  ) {
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'client-state-123' });
    const first = await person.get(url);
    const next = first.location!.startsWith(fxa.url)
      ? (await person.get(await person.signInAtMozilla(first.location!, email))).location
      : first.location;
    return callbackParams(next);
  }

  it('plays the whole flow: login URL, sign-in, code, exchange, JWKS-verified JWT, refresh, reuse detection, logout', async () => {
    const { server, environment, client } = await clientApp();
    const { url, expiresAt } = await server.clientAuth.createLoginUrl.mutate({ state: 'client-state-123' });
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/auth/login/[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}$`));
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(170_000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(180_000);

    const person = new TestBrowser(app(), PUBLIC_URL);
    const toMozilla = await person.get(url);
    expect(toMozilla.location).toContain(`${fxa.url}/authorization`);
    const back = await person.get(
      await person.signInAtMozilla(toMozilla.location!, 'client.user@example.test'),
    );
    const redirect = new URL(back.location!);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(APP_CALLBACK);
    expect(redirect.searchParams.get('state')).toBe('client-state-123');
    const code = redirect.searchParams.get('code')!;
    expect(code).toMatch(/^acc_code_/);

    const exchanged = await server.clientAuth.exchange.mutate({ code });
    expect(exchanged.user).toMatchObject({ email: 'client.user@example.test' });
    expect(exchanged.refreshToken).toMatch(/^acc_rt_/);

    // Offline verification with a standard JOSE library against the published JWKS.
    const jwksResponse = await app().request('/.well-known/jwks.json');
    expect(jwksResponse.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const jwks = createLocalJWKSet((await jwksResponse.json()) as never);
    const { payload, protectedHeader } = await jwtVerify(exchanged.accessToken, jwks, {
      issuer: PUBLIC_URL,
      audience: environment.id,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      sub: exchanged.user.id,
      aud: environment.id,
      client_id: client.id,
      sid: exchanged.sessionId,
      email: 'client.user@example.test',
    });
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.jti).toEqual(expect.any(String));

    const em = hub().orm.em.fork();
    expect(await em.count(ClientConnection, { user: exchanged.user.id, client: client.id })).toBe(1);

    expect(await server.clientAuth.verify.mutate({ accessToken: exchanged.accessToken })).toMatchObject({
      active: true,
      claims: { sub: exchanged.user.id, sid: exchanged.sessionId },
    });
    expect(await server.clientAuth.profile.mutate({ accessToken: exchanged.accessToken })).toEqual(
      exchanged.user,
    );

    const refreshed = await server.clientAuth.refresh.mutate({ refreshToken: exchanged.refreshToken });
    expect(refreshed.refreshToken).not.toBe(exchanged.refreshToken);
    expect(refreshed.sessionId).toBe(exchanged.sessionId);
    const again = await server.clientAuth.refresh.mutate({ refreshToken: refreshed.refreshToken });

    // The old token comes back: someone else holds it. The family and the hub session end.
    await expect(server.clientAuth.refresh.mutate({ refreshToken: exchanged.refreshToken })).rejects.toThrow(
      /refresh token is not valid/,
    );
    await expect(server.clientAuth.refresh.mutate({ refreshToken: again.refreshToken })).rejects.toThrow(
      /refresh token is not valid/,
    );
    expect(await em.fork().findOne(Session, { id: exchanged.sessionId })).toBeNull();
    const revoked = await em.fork().find(OutboxEvent, { type: 'session.revoked', userId: exchanged.user.id });
    expect(revoked.map((event) => event.payload.data)).toEqual([
      { user: { id: exchanged.user.id }, sessionId: exchanged.sessionId },
    ]);
    expect(await server.clientAuth.verify.mutate({ accessToken: again.accessToken })).toMatchObject({
      active: false,
      reason: 'session-ended',
    });
    await expect(person.trpc().me.get.query()).rejects.toThrow('Please sign in.');
  });

  it('tells the app a new person signed up through it (user.created) before its server exchanges the code', async () => {
    const { server, environment, client } = await clientApp();
    await dispatchedTo(hub(), environment.id, crypto.randomUUID()); // the webhook, and an empty outbox
    const person = new TestBrowser(app(), PUBLIC_URL);
    const { code } = await login(server, person, 'brand.new@example.test');
    expect(code).toMatch(/^acc_code_/);
    const [user] = await hub().orm.em.fork().find(User, { email: 'brand.new@example.test' });
    expect(await dispatchedTo(hub(), environment.id, user!.id)).toEqual(['user.created']);
    expect(await hub().orm.em.fork().count(ClientConnection, { user: user!.id, client: client.id })).toBe(1);
  });

  it('skips Mozilla for a person who already has a hub session, and logout ends that session', async () => {
    const { server } = await clientApp();
    const person = new TestBrowser(app(), PUBLIC_URL);
    await person.signInWithMozilla('already@example.test');
    const requestsBefore = fxa.requests.length;
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' });
    const direct = await person.get(url);
    expect(direct.location).toMatch(new RegExp(`^${APP_CALLBACK}\\?code=acc_code_`));
    expect(fxa.requests.length).toBe(requestsBefore);
    const tokens = await server.clientAuth.exchange.mutate({ code: callbackParams(direct.location).code! });
    expect(await server.clientAuth.logout.mutate({ accessToken: tokens.accessToken })).toEqual({
      loggedOut: true,
      sessionId: tokens.sessionId,
    });
    await expect(person.trpc().me.get.query()).rejects.toThrow('Please sign in.');
    await expect(server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken })).rejects.toThrow();
  });

  it('logs out with the refresh token when the app holds only an expired access token', async () => {
    const { server } = await clientApp();
    const other = await clientApp('https://other.example.test/cb');
    const person = new TestBrowser(app(), PUBLIC_URL);
    const { code } = await login(server, person, 'expired.logout@example.test');
    const tokens = await server.clientAuth.exchange.mutate({ code: code! });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (ACCESS_TOKEN_SECONDS + 60) * 1000 });
    try {
      await expect(server.clientAuth.logout.mutate({ accessToken: tokens.accessToken })).rejects.toThrow(
        /access token is not valid/,
      );
      // Another environment's server cannot use this app's refresh token; nonsense is refused.
      await expect(
        other.server.clientAuth.logout.mutate({ refreshToken: tokens.refreshToken }),
      ).rejects.toThrow(/refresh token is not valid/);
      await expect(server.clientAuth.logout.mutate({ refreshToken: 'acc_rt_nonsense' })).rejects.toThrow(
        /refresh token is not valid/,
      );
      await expect(server.clientAuth.logout.mutate({} as never)).rejects.toThrow();
      expect(await server.clientAuth.logout.mutate({ refreshToken: tokens.refreshToken })).toEqual({
        loggedOut: true,
        sessionId: tokens.sessionId,
      });
    } finally {
      vi.useRealTimers();
    }
    expect(await hub().orm.em.fork().findOne(Session, { id: tokens.sessionId })).toBeNull();
    await expect(person.trpc().me.get.query()).rejects.toThrow('Please sign in.');
    await expect(server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken })).rejects.toThrow(
      /refresh token is not valid/,
    );
  });

  it('treats logout with an already rotated refresh token as reuse: the family and the session end', async () => {
    const { server } = await clientApp();
    const person = new TestBrowser(app(), PUBLIC_URL);
    const { code } = await login(server, person, 'rotated.logout@example.test');
    const tokens = await server.clientAuth.exchange.mutate({ code: code! });
    const refreshed = await server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken });
    await expect(server.clientAuth.logout.mutate({ refreshToken: tokens.refreshToken })).rejects.toThrow(
      /refresh token is not valid/,
    );
    expect(await hub().orm.em.fork().findOne(Session, { id: tokens.sessionId })).toBeNull();
    await expect(server.clientAuth.refresh.mutate({ refreshToken: refreshed.refreshToken })).rejects.toThrow(
      /refresh token is not valid/,
    );
  });

  it('refuses a login link used twice, tampered with, or expired', async () => {
    const { server } = await clientApp();
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' });
    const person = new TestBrowser(app(), PUBLIC_URL);
    expect((await person.get(url)).location).toContain(fxa.url);
    expect((await new TestBrowser(app(), PUBLIC_URL).get(url)).location).toBe(
      '/sign-in/error?reason=login-link-invalid&flow=client',
    );

    const fresh = await server.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' });
    const [id, mac] = fresh.url.split('/auth/login/')[1]!.split('.');
    const tampered = `/auth/login/${id}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await person.get(tampered)).location).toBe(
      '/sign-in/error?reason=login-link-invalid&flow=client',
    );
    expect((await person.get('/auth/login/not-a-code')).location).toBe(
      '/sign-in/error?reason=login-link-invalid&flow=client',
    );
    // The tampered attempts did not use the real link up.
    const em = hub().orm.em.fork();
    await em.nativeUpdate(LoginRequest, { id: id! }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await person.get(fresh.url)).location).toBe(
      '/sign-in/error?reason=login-link-invalid&flow=client',
    );
  });

  it('refuses an authorization code replayed, expired, or presented by another environment', async () => {
    const first = await clientApp();
    const other = await clientApp('https://other.example.test/cb');
    const person = new TestBrowser(app(), PUBLIC_URL);
    const { code } = await login(first.server, person, 'codes@example.test');
    await expect(other.server.clientAuth.exchange.mutate({ code: code! })).rejects.toThrow(/not valid/);
    await first.server.clientAuth.exchange.mutate({ code: code! });
    await expect(first.server.clientAuth.exchange.mutate({ code: code! })).rejects.toThrow(/not valid/);

    const { code: late } = await login(first.server, person, 'codes@example.test');
    await hub()
      .orm.em.fork()
      .nativeUpdate(AuthorizationCode, { usedAt: null }, { expiresAt: new Date(Date.now() - 1000) });
    await expect(first.server.clientAuth.exchange.mutate({ code: late! })).rejects.toThrow(/not valid/);
  });

  it('refuses a wrong or missing environment token', async () => {
    const wrong = clientServer(app(), PUBLIC_URL, 'acc_env_not-a-real-token-at-all');
    await expect(wrong.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' })).rejects.toThrow(
      /environment token is not valid/,
    );
    const none = clientServer(app(), PUBLIC_URL, '');
    await expect(none.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' })).rejects.toThrow();
  });

  it('honours redirect_to only on the origin of the redirect URL', async () => {
    const { server } = await clientApp();
    for (const evil of [
      'https://evil.example/steal',
      'https://calendar.example.test.evil.example/',
      'http://calendar.example.test/auth/done',
      'https://calendar.example.test:8443/x',
      'javascript:alert(1)',
      'https://user:pw@calendar.example.test/x',
    ]) {
      await expect(
        server.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh', redirectTo: evil }),
      ).rejects.toThrow();
    }
    const { url } = await server.clientAuth.createLoginUrl.mutate({
      state: 'state-abcdefgh',
      redirectTo: 'https://calendar.example.test/deep/page?x=1',
    });
    const person = new TestBrowser(app(), PUBLIC_URL);
    const first = await person.get(url);
    const back = await person.get(await person.signInAtMozilla(first.location!, 'deep@example.test'));
    expect(back.location).toMatch(/^https:\/\/calendar\.example\.test\/deep\/page\?x=1&code=acc_code_/);
  });

  it('stops at once when the environment or the client is switched off, mid-flow included', async () => {
    const { server, environment, client } = await clientApp();
    const person = new TestBrowser(app(), PUBLIC_URL);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' });
    const first = await person.get(url);
    await hub().orm.em.fork().nativeUpdate(ClientEnvironment, { id: environment.id }, { isActive: false });
    const back = await person.get(await person.signInAtMozilla(first.location!, 'midflow@example.test'));
    expect(back.location).toBe('/sign-in/error?reason=app-unavailable&flow=client');
    await expect(server.clientAuth.createLoginUrl.mutate({ state: 'state-abcdefgh' })).rejects.toThrow(
      /environment token is not valid/,
    );

    const second = await clientApp();
    const { code } = await login(second.server, person, 'midflow@example.test');
    const tokens = await second.server.clientAuth.exchange.mutate({ code: code! });
    await hub().orm.em.fork().nativeUpdate(Client, { id: second.client.id }, { isActive: false });
    await expect(
      second.server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken }),
    ).rejects.toThrow(/environment token is not valid/);
    expect(client.id).not.toBe(second.client.id);
  });

  it('only verifies tokens for the asking environment', async () => {
    const first = await clientApp();
    const other = await clientApp('https://other.example.test/cb');
    const { code } = await login(first.server, new TestBrowser(app(), PUBLIC_URL), 'aud@example.test');
    const tokens = await first.server.clientAuth.exchange.mutate({ code: code! });
    expect(await other.server.clientAuth.verify.mutate({ accessToken: tokens.accessToken })).toMatchObject({
      active: false,
      reason: 'wrong-environment',
    });
    await expect(other.server.clientAuth.profile.mutate({ accessToken: tokens.accessToken })).rejects.toThrow(
      /access token is not valid/,
    );
    await expect(
      other.server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken }),
    ).rejects.toThrow();
    expect(
      await first.server.clientAuth.verify.mutate({ accessToken: `${tokens.accessToken}x` }),
    ).toMatchObject({
      active: false,
      reason: 'invalid',
    });
    const { kid } = decodeProtectedHeader(tokens.accessToken);
    expect(kid).toEqual(expect.any(String));
  });

  it('revoke ends the app login but keeps the hub session', async () => {
    const { server } = await clientApp();
    const person = new TestBrowser(app(), PUBLIC_URL);
    const { code } = await login(server, person, 'revoker@example.test');
    const tokens = await server.clientAuth.exchange.mutate({ code: code! });
    expect(await server.clientAuth.revoke.mutate({ refreshToken: tokens.refreshToken })).toEqual({
      revoked: true,
    });
    await expect(server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken })).rejects.toThrow();
    expect(await person.trpc().me.get.query()).toMatchObject({ email: 'revoker@example.test' });
  });
});

describe('login for client apps with local passwords', () => {
  const hub = useTestHub(() =>
    testConfig({ publicUrl: PUBLIC_URL, authScheme: 'password', signupMode: 'open' }),
  );
  const app = () => testApp({ hub: hub() });

  it('goes through the password page and comes back to the app', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: 'a good long password' });
    const { token, environment } = await createTestClientApp(em, { redirectUrl: APP_CALLBACK });
    const server = clientServer(app(), PUBLIC_URL, token);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'pw-state-1234' });
    const person = new TestBrowser(app(), PUBLIC_URL);
    expect((await person.get(url)).location).toBe('/sign-in');
    expect(await person.trpc().auth.options.query()).toMatchObject({
      continuingTo: expect.stringMatching(/^App /),
    });
    const { redirectTo } = await person.trpc().auth.signInWithPassword.mutate({
      identifier: user.username,
      password: 'a good long password',
    });
    const back = await person.get(redirectTo);
    const params = callbackParams(back.location);
    expect(params.state).toBe('pw-state-1234');
    const tokens = await server.clientAuth.exchange.mutate({ code: params.code! });
    expect(tokens.user.id).toBe(user.id);
    expect(environment.redirectUrl).toBe(APP_CALLBACK);
    // Afterwards /auth/continue has nothing pending: the dashboard, or a return path of ours only.
    expect((await person.get('/auth/continue')).location).toBe('/');
    expect((await person.get('/auth/continue?return_to=%2Fsessions')).location).toBe('/sessions');
    expect((await person.get('/auth/continue?return_to=https%3A%2F%2Fevil.example')).location).toBe('/');
  });

  it('tells the app a person signed up through it (user.created), even if the worker runs before /auth/continue', async () => {
    const em = hub().orm.em.fork();
    const { token, environment, client } = await createTestClientApp(em, { redirectUrl: APP_CALLBACK });
    await dispatchedTo(hub(), environment.id, crypto.randomUUID());
    const server = clientServer(app(), PUBLIC_URL, token);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'signup-state-1' });
    const person = new TestBrowser(app(), PUBLIC_URL);
    expect((await person.get(url)).location).toBe('/sign-in');
    const { redirectTo } = await person.trpc().auth.signUp.mutate({
      email: 'signs.up@example.test',
      password: 'a good long password',
    });
    const user = await em.fork().findOneOrFail(User, { email: 'signs.up@example.test' });
    expect(await dispatchedTo(hub(), environment.id, user.id)).toEqual(['user.created']);
    expect(await em.fork().count(ClientConnection, { user: user.id, client: client.id })).toBe(1);
    // "Check your mail" first, signed out; signing in then finishes the app's login.
    expect(redirectTo).toBe('/check-email');
    expect((await person.get('/auth/continue')).location).toBe('/sign-in');
    await person.trpc().auth.signInWithPassword.mutate({
      identifier: 'signs.up@example.test',
      password: 'a good long password',
    });
    const params = callbackParams((await person.get('/auth/continue')).location);
    expect((await server.clientAuth.exchange.mutate({ code: params.code! })).user.id).toBe(user.id);
  });
});
