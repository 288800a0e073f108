import { SecurityEventReceipt, Session, User } from '@accounts/core/identity';
import { OutboxEvent } from '@accounts/core/kernel';
import { createTestHub, sessionCookieFor, useTestHub } from '@accounts/core/testing';
import { EVENT_PREFIX, type FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { fxaHubConfig, startHubFxaStandIn, TestBrowser } from './test-browser.ts';

const PUBLIC_URL = 'http://localhost:3000';

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startHubFxaStandIn(PUBLIC_URL);
});
afterAll(() => fxa?.stop());

describe('account events from Mozilla accounts', () => {
  const hub = useTestHub(() => fxaHubConfig(fxa, PUBLIC_URL, 2000));
  const app = () => testApp({ hub: hub() });

  async function deliver(token: string | null) {
    const response = await app().request('/webhooks/mozilla-accounts', {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function signedInPerson(email: string) {
    const person = new TestBrowser(app(), PUBLIC_URL);
    await person.signInWithMozilla(email);
    const me = await person.trpc().me.get.query();
    return { person, me, uid: fxa.account(email).uid };
  }

  const event = (name: string, data: Record<string, unknown> = {}) => ({ [`${EVENT_PREFIX}${name}`]: data });

  it('refuses a token with a bad signature, the wrong audience, the wrong issuer, or none', async () => {
    const { uid } = await signedInPerson('refusals@example.test');
    const claims = { sub: uid, aud: 'hub', events: event('delete-user') };
    expect((await deliver(await fxa.signSecurityEvent(claims, { foreignKey: true }))).status).toBe(401);
    expect((await deliver(await fxa.signSecurityEvent({ ...claims, aud: 'another-client' }))).status).toBe(
      401,
    );
    expect(
      (await deliver(await fxa.signSecurityEvent({ ...claims, iss: 'https://evil.example' }))).status,
    ).toBe(401);
    expect((await deliver(null)).status).toBe(401);
    expect((await deliver('not.a.jwt')).status).toBe(401);
    expect(await hub().orm.em.fork().count(User, { fxaId: uid })).toBe(1);
  });

  it('ends sessions created before a password change (milliseconds), keeps newer ones, and ignores a replay', async () => {
    const { person, me, uid } = await signedInPerson('changer@example.test');
    const changeTime = Date.now();
    // The next session starts in a later millisecond than the change: wait for the clock to pass it.
    while (Date.now() <= changeTime + 1) await new Promise((resolve) => setTimeout(resolve, 1));
    const later = await sessionCookieFor(
      hub(),
      await hub().orm.em.fork().findOneOrFail(User, { id: me.id }),
      'fxa',
    );

    // A stale event (a change before every session) ends nothing.
    const staleResult = await deliver(
      await fxa.signSecurityEvent({
        sub: uid,
        aud: 'hub',
        events: event('password-change', { changeTime: changeTime - 3_600_000 }),
      }),
    );
    expect(staleResult).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await person.trpc().me.get.query()).toMatchObject({ id: me.id });

    const token = await fxa.signSecurityEvent({
      sub: uid,
      aud: 'hub',
      events: event('password-change', { changeTime }),
      iss: `${fxa.issuer}/`, // with a trailing slash: accepted
    });
    expect(await deliver(token)).toMatchObject({ status: 200, body: { status: 'processed' } });
    await expect(person.trpc().me.get.query()).rejects.toThrow('Please sign in.');
    const em = hub().orm.em.fork();
    expect(await em.findOne(Session, { id: later.sessionId })).not.toBeNull();
    expect(await em.count(OutboxEvent, { type: 'session.revoked', userId: me.id })).toBe(1);

    expect(await deliver(token)).toMatchObject({ status: 200, body: { status: 'replayed' } });
    expect(await em.count(SecurityEventReceipt, { subject: uid })).toBe(2);
  });

  it('re-fetches the profile on profile-change and tells client apps', async () => {
    const { me, uid } = await signedInPerson('before@example.test');
    fxa.updateProfile(uid, { email: 'after@example.test', displayName: 'After' });
    const result = await deliver(
      await fxa.signSecurityEvent({ sub: uid, aud: 'hub', events: event('profile-change') }),
    );
    expect(result.status).toBe(200);
    const user = await hub().orm.em.fork().findOneOrFail(User, { id: me.id });
    expect(user).toMatchObject({
      email: 'after@example.test',
      lastUsedEmail: 'before@example.test',
      displayName: 'After',
    });
    const updates = await hub().orm.em.fork().find(OutboxEvent, { type: 'user.updated', userId: me.id });
    expect(updates.at(-1)?.payload.data).toMatchObject({ user: { id: me.id, email: 'after@example.test' } });
  });

  it('deletes the user and everything of theirs on delete-user, and emits user.deleted', async () => {
    const { me, uid } = await signedInPerson('goner@example.test');
    const result = await deliver(
      await fxa.signSecurityEvent({ sub: uid, aud: 'hub', events: event('delete-user') }),
    );
    expect(result).toMatchObject({ status: 200, body: { status: 'processed' } });
    const em = hub().orm.em.fork();
    expect(await em.findOne(User, { id: me.id })).toBeNull();
    expect(await em.count(Session, { user: me.id })).toBe(0);
    const deleted = await em.find(OutboxEvent, { type: 'user.deleted', userId: me.id });
    expect(deleted.map((row) => row.payload.data)).toEqual([{ user: { id: me.id } }]);
  });

  it('answers 200 for a valid token about an unknown user, with or without exp', async () => {
    const claims = {
      sub: 'unknown-uid',
      aud: 'hub',
      events: event('password-change', { changeTime: Date.now() }),
    };
    const withoutExp = await fxa.signSecurityEvent(claims);
    const withExp = await fxa.signSecurityEvent({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 });
    const payload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload(withoutExp)).not.toHaveProperty('exp');
    expect(payload(withExp)).toHaveProperty('exp');
    for (const token of [withoutExp, withExp]) {
      expect(await deliver(token)).toMatchObject({ status: 200, body: { status: 'unknown-user' } });
    }
  });

  it('refuses a token whose exp has passed (exp is optional, but honoured when present)', async () => {
    const { uid } = await signedInPerson('expired.event@example.test');
    const result = await deliver(
      await fxa.signSecurityEvent({
        sub: uid,
        aud: 'hub',
        events: event('delete-user'),
        exp: Math.floor(Date.now() / 1000) - 3600,
      }),
    );
    expect(result.status).toBe(401);
    expect(await hub().orm.em.fork().count(User, { fxaId: uid })).toBe(1);
  });

  it('accepts events through a real HTTP delivery from the stand-in', async () => {
    const { serve } = await import('@hono/node-server');
    const server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { uid } = await signedInPerson('http@example.test');
      const response = await fxa.sendSecurityEvent(`http://127.0.0.1:${port}/webhooks/mozilla-accounts`, {
        sub: uid,
        aud: 'hub',
        events: event('metrics-opt-out'),
      });
      expect(response.status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a later hub, and a new Mozilla at the address an earlier one used', () => {
  // Test files share their worker's modules (decision 0068), and a stand-in may get a port an
  // earlier file's had: the keys a hub fetched belong to that hub, not to the address.
  it('checks events against the keys the new Mozilla serves', async () => {
    const deliverTo = async (hub: Awaited<ReturnType<typeof createTestHub>>, token: string) =>
      (
        await testApp({ hub }).request('/webhooks/mozilla-accounts', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    const claims = { sub: 'no-such-account', aud: 'hub', events: { [`${EVENT_PREFIX}delete-user`]: {} } };

    const first = await startHubFxaStandIn(PUBLIC_URL);
    const firstHub = await createTestHub(fxaHubConfig(first, PUBLIC_URL, 2000));
    const port = Number(new URL(first.url).port);
    try {
      expect(await deliverTo(firstHub, await first.signSecurityEvent({ ...claims, jti: 'first' }))).toBe(200);
    } finally {
      await first.stop();
      await firstHub.close();
    }

    const second = await startHubFxaStandIn(PUBLIC_URL, port);
    const secondHub = await createTestHub(fxaHubConfig(second, PUBLIC_URL, 2000));
    try {
      expect(second.url).toBe(first.url);
      expect(await deliverTo(secondHub, await second.signSecurityEvent({ ...claims, jti: 'second' }))).toBe(
        200,
      );
    } finally {
      await second.stop();
      await secondHub.close();
    }
  });
});
