import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientEnvironment } from '../../clients/entities.ts';
import { callerFor, createPerson } from '../../clients/test-support.ts';
import { Session, User } from '../../identity/entities.ts';
import { createSession } from '../../identity/sessions.ts';
import { signAccessToken } from '../../identity/signing-keys.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { refusal } from '../../testing/refusal.ts';
import { issueAuthorizationCode } from './client-tokens.ts';

/**
 * `clientAuth.verify` reads the environment and the session from the database on every call: a
 * staff member's switch, a token rotation or a person signing out shows on the app's very next
 * call. Only a token's signature check is remembered, and only until the token expires.
 */
describe('clientAuth.verify, call after call', () => {
  const hub = useTestHub(() => testConfig());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A client app registered by staff, and a person signed in to it through the hub. */
  async function signedInApp() {
    const { sessionToken } = await createPerson(hub(), { isStaff: true });
    const staff = callerFor(hub(), { sessionToken });
    const client = await staff.clients.create({
      name: `Verifier ${crypto.randomUUID().slice(0, 8)}`,
      contacts: [{ name: 'Team', email: 'team@verifier.example' }],
    });
    const { environment, token } = await staff.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://verifier.example/cb',
    });
    const { user } = await createPerson(hub());
    const em = hub().orm.em.fork();
    const { token: hubSessionToken, session } = await createSession(em, hub().config, user, {
      ip: null,
      userAgent: null,
      method: 'password',
    });
    const code = await issueAuthorizationCode(em, {
      userId: user.id,
      sessionId: session.id,
      environment: await em.findOneOrFail(ClientEnvironment, { id: environment.id }),
    });
    const app = callerFor(hub(), { bearer: token });
    const { accessToken } = await app.clientAuth.exchange({ code });
    const verify = (environmentToken = token, access = accessToken) =>
      callerFor(hub(), { bearer: environmentToken }).clientAuth.verify({ accessToken: access });
    return { staff, client, environment, token, user, session, hubSessionToken, accessToken, verify };
  }

  async function expectRefusedEnvironment(call: Promise<unknown>) {
    const error = await refusal(call);
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe('This environment token is not valid.');
  }

  it('refuses a deactivated environment or client on the very next call, and accepts it again at once', async () => {
    const { staff, client, environment, verify } = await signedInApp();
    expect(await verify()).toMatchObject({ active: true, reason: null });

    await staff.clients.updateEnvironment({ id: environment.id, isActive: false });
    await expectRefusedEnvironment(verify());
    await staff.clients.updateEnvironment({ id: environment.id, isActive: true });
    expect(await verify()).toMatchObject({ active: true });

    await staff.clients.update({ id: client.id, isActive: false });
    await expectRefusedEnvironment(verify());
    await staff.clients.update({ id: client.id, isActive: true });
    expect(await verify()).toMatchObject({ active: true });
  });

  it('accepts a rotated token only until its grace ends, and a second rotation ends that grace', async () => {
    const { staff, environment, token: first, verify } = await signedInApp();
    const { token: second } = await staff.clients.rotateEnvironmentToken({
      id: environment.id,
      graceSeconds: 60,
    });
    expect(await verify(first)).toMatchObject({ active: true });
    expect(await verify(second)).toMatchObject({ active: true });

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 59_000 });
    expect(await verify(first)).toMatchObject({ active: true });
    vi.setSystemTime(Date.now() + 2_000);
    await expectRefusedEnvironment(verify(first));
    expect(await verify(second)).toMatchObject({ active: true });
    vi.useRealTimers();

    const { token: third } = await staff.clients.rotateEnvironmentToken({
      id: environment.id,
      graceSeconds: 600,
    });
    expect(await verify(second)).toMatchObject({ active: true });
    await staff.clients.rotateEnvironmentToken({ id: environment.id, graceSeconds: 0 });
    await expectRefusedEnvironment(verify(second));
    await expectRefusedEnvironment(verify(third));
  });

  it('refuses a token it verified before once the token has expired', async () => {
    const { accessToken, verify } = await signedInApp();
    const { claims } = await verify();
    expect(claims?.exp).toBeGreaterThan(Date.now() / 1000);
    vi.useFakeTimers({ toFake: ['Date'], now: (claims!.exp - 1) * 1000 });
    expect(await verify()).toMatchObject({ active: true });
    vi.setSystemTime(claims!.exp * 1000);
    expect(await verify(undefined, accessToken)).toEqual({ active: false, reason: 'invalid', claims: null });
  });

  it('answers session-ended once the person signs out of the hub', async () => {
    const { hubSessionToken, verify } = await signedInApp();
    expect(await verify()).toMatchObject({ active: true });
    await callerFor(hub(), { sessionToken: hubSessionToken }).auth.signOut();
    expect(await verify()).toEqual({ active: false, reason: 'session-ended', claims: null });
  });

  it('answers session-ended once the session is idle too long, reaches its cap, or its person is deactivated', async () => {
    const past = new Date(Date.now() - 1000);
    const idle = await signedInApp();
    await hub().orm.em.fork().nativeUpdate(Session, { id: idle.session.id }, { expiresAt: past });
    expect(await idle.verify()).toMatchObject({ active: false, reason: 'session-ended' });

    const capped = await signedInApp();
    await hub().orm.em.fork().nativeUpdate(Session, { id: capped.session.id }, { absoluteExpiresAt: past });
    expect(await capped.verify()).toMatchObject({ active: false, reason: 'session-ended' });

    const deactivated = await signedInApp();
    await hub().orm.em.fork().nativeUpdate(User, { id: deactivated.user.id }, { isActive: false });
    expect(await deactivated.verify()).toMatchObject({ active: false, reason: 'session-ended' });
  });

  it('checks the audience, the client and that the session is the named person’s', async () => {
    const { client, environment, token, user, session, verify, accessToken } = await signedInApp();
    const other = await signedInApp();
    expect(await other.verify(other.token, accessToken)).toEqual({
      active: false,
      reason: 'wrong-environment',
      claims: null,
    });

    const em = hub().orm.em.fork();
    const claims = {
      sub: user.id,
      aud: environment.id,
      client_id: client.id,
      sid: session.id,
      email: user.email,
      email_verified: user.emailVerified,
    };
    const sign = async (changes: Partial<typeof claims>) =>
      (await signAccessToken(em, hub().config, { ...claims, ...changes })).token;
    expect(await verify(token, await sign({}))).toMatchObject({ active: true, claims: { sid: session.id } });
    expect(await verify(token, await sign({ client_id: other.client.id }))).toMatchObject({
      reason: 'wrong-environment',
    });
    expect(await verify(token, await sign({ sub: other.user.id }))).toMatchObject({
      reason: 'session-ended',
    });
    expect(await verify(token, await sign({ sid: other.session.id }))).toMatchObject({
      reason: 'session-ended',
    });
    expect(await verify(token, `${accessToken.slice(0, -4)}AAAA`)).toMatchObject({ reason: 'invalid' });
  });
});
