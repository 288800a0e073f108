import { describe, expect, it } from 'vitest';
import { ClientConnection } from '../clients/entities.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { describeDevice, deviceParts } from './devices.ts';
import { Session, User } from './entities.ts';
import { findSessionByToken } from './sessions.ts';
import { callerFor, createTestClientApp, createTestUser, sessionCookieFor } from './test-support.ts';

describe('a person’s sessions', () => {
  const hub = useTestHub(() => testConfig({ sessions: { idleSeconds: 3600, absoluteSeconds: 7200 } }));

  it('describes devices from the user agent', () => {
    expect(describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe(
      'Firefox 140 on Linux',
    );
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Mobile Safari 17 on Apple iPhone');
    expect(describeDevice(null)).toBe('Unknown device');
    expect(deviceParts('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toEqual({
      browser: 'Firefox 140',
      system: 'Linux',
    });
    expect(deviceParts('')).toEqual({ browser: null, system: null });
  });

  it('lists sessions with device, address, times and which one is current; signs out one or all others', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em);
    const phone = await sessionCookieFor(hub(), user);
    const laptop = await sessionCookieFor(hub(), user);
    const tablet = await sessionCookieFor(hub(), user);
    const { caller } = callerFor(hub(), { cookies: laptop.cookies });
    const listed = await caller.sessions.list();
    expect(listed).toHaveLength(3);
    expect(listed.find((session) => session.current)?.id).toBe(laptop.sessionId);
    expect(listed[0]).toMatchObject({
      ip: '192.0.2.1',
      method: 'password',
      device: 'Unknown device',
      browser: null,
      system: null,
    });
    expect(listed[0]!.createdAt).toBeInstanceOf(Date);

    expect(await caller.sessions.revoke({ id: phone.sessionId })).toEqual({ ended: true, current: false });
    expect(await findSessionByToken(em.fork(), hub().config, phone.token)).toBeNull();
    expect(await caller.sessions.revokeOthers()).toEqual({ endedSessions: 1 });
    expect(await findSessionByToken(em.fork(), hub().config, tablet.token)).toBeNull();
    expect((await caller.sessions.list()).map((session) => session.id)).toEqual([laptop.sessionId]);
    const events = await em.fork().find(OutboxEvent, { type: 'session.revoked', userId: user.id });
    expect(events.map((event) => (event.payload.data as { sessionId: string }).sessionId).sort()).toEqual(
      [phone.sessionId, tablet.sessionId].sort(),
    );
  });

  it('signing out the current session clears the cookie', async () => {
    const user = await createTestUser(hub().orm.em.fork());
    const current = await sessionCookieFor(hub(), user);
    const { caller, cookies } = callerFor(hub(), { cookies: current.cookies });
    expect(await caller.sessions.revoke({ id: current.sessionId })).toEqual({ ended: true, current: true });
    expect(cookies.size).toBe(0);
  });

  it('refuses expired sessions, idle or past the absolute cap', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em);
    const idle = await sessionCookieFor(hub(), user);
    const capped = await sessionCookieFor(hub(), user);
    await em.nativeUpdate(Session, { id: idle.sessionId }, { expiresAt: new Date(Date.now() - 1000) });
    await em.nativeUpdate(
      Session,
      { id: capped.sessionId },
      { absoluteExpiresAt: new Date(Date.now() - 1000) },
    );
    expect(await findSessionByToken(em.fork(), hub().config, idle.token)).toBeNull();
    expect(await findSessionByToken(em.fork(), hub().config, capped.token)).toBeNull();
  });

  it('refuses unknown and oversized tokens, and people who were deactivated', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em);
    const session = await sessionCookieFor(hub(), user);
    expect(await findSessionByToken(em.fork(), hub().config, undefined)).toBeNull();
    expect(await findSessionByToken(em.fork(), hub().config, 'not-a-session')).toBeNull();
    expect(await findSessionByToken(em.fork(), hub().config, 'x'.repeat(257))).toBeNull();
    expect(await findSessionByToken(em.fork(), hub().config, session.token)).not.toBeNull();
    await em.nativeUpdate(User, { id: user.id }, { isActive: false });
    expect(await findSessionByToken(em.fork(), hub().config, session.token)).toBeNull();
  });

  it('reads the person and the session as plain values', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { isStaff: true });
    const { token, sessionId } = await sessionCookieFor(hub(), user, 'fxa');
    const found = await findSessionByToken(em.fork(), hub().config, token);
    expect(found?.user).toEqual({
      id: user.id,
      email: user.email,
      emailVerified: false,
      username: user.username,
      displayName: null,
      displayNameEditedAt: null,
      avatarUrl: null,
      language: 'en',
      timezone: 'UTC',
      fxaId: null,
      isStaff: true,
      isSuperuser: false,
      isActive: true,
      dateJoined: user.dateJoined,
      lastLogin: expect.any(Date),
    });
    expect(found?.session).toEqual({
      id: sessionId,
      userId: user.id,
      method: 'fxa',
      createdAt: expect.any(Date),
      lastSeenAt: expect.any(Date),
      expiresAt: expect.any(Date),
      absoluteExpiresAt: expect.any(Date),
    });
  });

  it('records use at most once a minute, sliding the idle expiry up to the absolute cap', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em);
    const { token, sessionId } = await sessionCookieFor(hub(), user);
    const row = () => em.fork().findOneOrFail(Session, { id: sessionId });
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

    // Seen 30 s ago: nothing is written.
    const recent = { lastSeenAt: ago(30), expiresAt: new Date(Date.now() + 600_000) };
    await em.nativeUpdate(Session, { id: sessionId }, recent);
    const untouched = await findSessionByToken(em.fork(), hub().config, token);
    expect(untouched?.session.lastSeenAt).toEqual(recent.lastSeenAt);
    expect((await row()).lastSeenAt).toEqual(recent.lastSeenAt);
    expect((await row()).expiresAt).toEqual(recent.expiresAt);

    // Seen 2 minutes ago: last seen now, idle expiry an hour from now (idleSeconds 3600).
    await em.nativeUpdate(Session, { id: sessionId }, { lastSeenAt: ago(120) });
    const before = Date.now();
    const touched = await findSessionByToken(em.fork(), hub().config, token);
    const stored = await row();
    expect(stored.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(stored.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(stored.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(touched?.session.lastSeenAt).toEqual(stored.lastSeenAt);
    expect(touched?.session.expiresAt).toEqual(stored.expiresAt);

    // Near the absolute cap: the idle expiry stops at the cap.
    const cap = new Date(Date.now() + 600_000);
    await em.nativeUpdate(Session, { id: sessionId }, { lastSeenAt: ago(120), absoluteExpiresAt: cap });
    await findSessionByToken(em.fork(), hub().config, token);
    expect((await row()).expiresAt).toEqual(cap);
  });

  it('lists connected client apps', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em);
    const { client } = await createTestClientApp(em, { name: 'Calendar' });
    em.create(ClientConnection, { user, client });
    await em.flush();
    const { caller } = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), user)).cookies });
    expect(await caller.sessions.connectedApps()).toEqual([
      expect.objectContaining({ clientId: client.id, name: 'Calendar' }),
    ]);
  });
});
