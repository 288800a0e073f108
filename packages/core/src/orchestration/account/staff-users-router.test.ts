import { describe, expect, it } from 'vitest';
import { Plan, Subscription } from '../../billing/entities.ts';
import { Session, User } from '../../identity/entities.ts';
import { AuditEntry } from '../../kernel/audit/entities.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import { Mailbox } from '../../mail/entities.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { refusal } from '../../testing/refusal.ts';
import { callerFor, createPerson, type TestPerson } from '../../testing/role-callers.ts';

describe('staff user procedures', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();
  const reload = (id: string) => em().findOneOrFail(User, { id });

  /** Every staffUsers procedure, aimed at `target`, as calls to make one at a time. */
  const everyProcedure = (caller: ReturnType<typeof callerFor>['call'], target: TestPerson) => [
    () => caller.staffUsers.search({ query: '' }),
    () => caller.staffUsers.get({ userId: target.user.id }),
    () => caller.staffUsers.setStaff({ userId: target.user.id, isStaff: true }),
    () => caller.staffUsers.setActive({ userId: target.user.id, isActive: false }),
    () => caller.staffUsers.endSessions({ userId: target.user.id }),
  ];

  it('refuses anonymous callers on every procedure', async () => {
    const target = await createPerson(hub());
    for (const call of everyProcedure(callerFor(hub(), null).call, target)) {
      expect((await refusal(call())).code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses people who are not staff on every procedure, about others and themselves, changing nothing', async () => {
    const person = await createPerson(hub());
    const other = await createPerson(hub());
    const caller = callerFor(hub(), person.token).call;
    for (const target of [other, person]) {
      for (const call of everyProcedure(caller, target)) {
        const error = await refusal(call());
        expect(error.code).toBe('FORBIDDEN');
        expect(error.message).toBe('This area is for staff only.');
      }
    }
    expect(await reload(other.user.id)).toMatchObject({ isStaff: false, isActive: true });
    expect(await reload(person.user.id)).toMatchObject({ isStaff: false, isActive: true });
    expect(await em().count(Session, { user: other.user.id })).toBe(1);
    expect(await em().count(AuditEntry, {})).toBe(0);
  });

  it('lets staff search by part of an email, name or username, and by id, page by page', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    const setup = em();
    for (let index = 0; index < 5; index += 1) {
      setup.create(User, {
        email: `searchable-${index}@example.test`,
        username: `searchable${index}`,
        displayName: index === 3 ? 'Grace Hopper' : null,
      });
    }
    setup.create(User, { email: 'percent_100@example.test', username: 'percent' });
    await setup.flush();
    const caller = callerFor(hub(), staff.token).call;

    const first = await caller.staffUsers.search({ query: 'SEARCHABLE', pageSize: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((row) => row.email)).toEqual([
      'searchable-0@example.test',
      'searchable-1@example.test',
    ]);
    const third = await caller.staffUsers.search({ query: 'searchable', pageSize: 2, page: 3 });
    expect(third.items.map((row) => row.email)).toEqual(['searchable-4@example.test']);

    expect((await caller.staffUsers.search({ query: 'hopper' })).items.map((row) => row.email)).toEqual([
      'searchable-3@example.test',
    ]);
    // Wildcards typed by staff are literal characters.
    expect((await caller.staffUsers.search({ query: 't_1' })).total).toBe(1);
    expect((await caller.staffUsers.search({ query: '%' })).total).toBe(0);
    const byId = await caller.staffUsers.search({ query: staff.user.id.toUpperCase() });
    expect(byId.items.map((row) => row.id)).toEqual([staff.user.id]);

    const bad = await refusal(caller.staffUsers.search({ query: 'x', pageSize: 1000 }));
    expect(bad.code).toBe('BAD_REQUEST');
  });

  it('shows staff a user with sessions, subscription and mailbox, and a clear answer for unknown ids', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    const person = await createPerson(hub(), { displayName: 'Viewed Person' });
    const setup = em();
    const plan = setup.create(Plan, { name: 'Staff View Plan' });
    const user = await setup.findOneOrFail(User, { id: person.user.id });
    setup.create(Subscription, {
      paddleId: 'sub_staff_view',
      status: 'past_due',
      isActive: true,
      user,
      plan,
    });
    setup.create(Mailbox, { user, accountName: 'viewed', localPart: 'viewed', state: 'receive-only' });
    await setup.flush();

    const caller = callerFor(hub(), staff.token).call;
    const detail = await caller.staffUsers.get({ userId: person.user.id });
    expect(detail.user).toMatchObject({ id: person.user.id, displayName: 'Viewed Person' });
    expect(detail.user).not.toHaveProperty('password');
    expect(detail.sessions.map((session) => session.id)).toEqual([person.sessionId]);
    expect(detail.subscription).toMatchObject({ status: 'past_due', planName: 'Staff View Plan' });
    expect(detail.mailbox).toEqual({ accountName: 'viewed', address: null, state: 'receive-only' });

    const missing = await refusal(caller.staffUsers.get({ userId: crypto.randomUUID() }));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('lets a superuser make and unmake staff with an audit entry each, and refuses changing one’s own access', async () => {
    const staff = await createPerson(hub(), { isSuperuser: true });
    const person = await createPerson(hub());
    const caller = callerFor(hub(), staff.token).call;

    expect((await caller.staffUsers.setStaff({ userId: person.user.id, isStaff: true })).isStaff).toBe(true);
    expect((await reload(person.user.id)).isStaff).toBe(true);
    await caller.staffUsers.setStaff({ userId: person.user.id, isStaff: false });
    expect((await reload(person.user.id)).isStaff).toBe(false);
    const entries = await em().find(
      AuditEntry,
      { subjectUserId: person.user.id },
      { orderBy: { createdAt: 'asc' } },
    );
    expect(entries.map((entry) => [entry.action, entry.actorId, entry.before, entry.after])).toEqual([
      [
        'user.staff-granted',
        staff.user.id,
        { isStaff: false, isSuperuser: false },
        { isStaff: true, isSuperuser: false },
      ],
      [
        'user.staff-removed',
        staff.user.id,
        { isStaff: true, isSuperuser: false },
        { isStaff: false, isSuperuser: false },
      ],
    ]);

    const self = await refusal(caller.staffUsers.setStaff({ userId: staff.user.id, isStaff: false }));
    expect(self.code).toBe('PRECONDITION_FAILED');
    expect((await reload(staff.user.id)).isSuperuser).toBe(true);
  });

  it('deactivates a user, ending their sessions at once, and reactivates them', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    const person = await createPerson(hub());
    const caller = callerFor(hub(), staff.token).call;

    await caller.staffUsers.setActive({ userId: person.user.id, isActive: false });
    expect((await reload(person.user.id)).isActive).toBe(false);
    expect(await em().count(Session, { user: person.user.id })).toBe(0);
    expect((await refusal(callerFor(hub(), person.token).call.me.get())).code).toBe('UNAUTHORIZED');
    const revoked = await em().find(OutboxEvent, { userId: person.user.id, type: 'session.revoked' });
    expect(revoked.map((event) => (event.payload as { data: unknown }).data)).toEqual([
      { user: { id: person.user.id }, sessionId: person.sessionId },
    ]);

    await caller.staffUsers.setActive({ userId: person.user.id, isActive: true });
    expect((await reload(person.user.id)).isActive).toBe(true);
    const actions = (
      await em().find(AuditEntry, { subjectUserId: person.user.id }, { orderBy: { createdAt: 'asc' } })
    ).map((entry) => entry.action);
    expect(actions).toEqual(['user.deactivated', 'user.reactivated']);

    // Client apps hear of both changes, in order, before the deactivation's session.revoked.
    const events = await em().find(OutboxEvent, { userId: person.user.id }, { orderBy: { sequence: 'asc' } });
    expect(events.map((event) => event.type)).toEqual(['user.updated', 'session.revoked', 'user.updated']);
    const updates = events.filter((event) => event.type === 'user.updated');
    expect(updates.map((event) => (event.payload as { data: { user: unknown } }).data.user)).toEqual([
      expect.objectContaining({ id: person.user.id, email: person.user.email, isActive: false }),
      expect.objectContaining({ id: person.user.id, email: person.user.email, isActive: true }),
    ]);

    const self = await refusal(caller.staffUsers.setActive({ userId: staff.user.id, isActive: false }));
    expect(self.code).toBe('PRECONDITION_FAILED');
  });

  it('ends a user’s sessions with an audit entry, leaving other people’s sessions', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    const person = await createPerson(hub());
    const bystander = await createPerson(hub());
    const result = await callerFor(hub(), staff.token).call.staffUsers.endSessions({
      userId: person.user.id,
    });
    expect(result).toEqual({ endedSessions: 1 });
    expect(await em().count(Session, { user: person.user.id })).toBe(0);
    expect(await em().count(Session, { user: bystander.user.id })).toBe(1);
    expect(
      await em().count(AuditEntry, { subjectUserId: person.user.id, action: 'user.sessions-ended' }),
    ).toBe(1);
    expect((await reload(person.user.id)).isActive).toBe(true);
  });

  it('keeps superusers and other staff out of reach of staff who are not superusers', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    const superuser = await createPerson(hub(), { isSuperuser: true });
    const caller = callerFor(hub(), staff.token).call;
    expect(
      (await refusal(caller.staffUsers.setActive({ userId: superuser.user.id, isActive: false }))).code,
    ).toBe('FORBIDDEN');
    expect((await refusal(caller.staffUsers.endSessions({ userId: superuser.user.id }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await reload(superuser.user.id)).isActive).toBe(true);
    expect(await em().count(Session, { user: superuser.user.id })).toBe(1);

    // Nor may staff act on a peer: one staff member could otherwise lock out every other.
    const peer = await createPerson(hub(), { isStaff: true });
    expect((await refusal(caller.staffUsers.setActive({ userId: peer.user.id, isActive: false }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await refusal(caller.staffUsers.endSessions({ userId: peer.user.id }))).code).toBe('FORBIDDEN');
    expect((await reload(peer.user.id)).isActive).toBe(true);
    expect(await em().count(Session, { user: peer.user.id })).toBe(1);
    await callerFor(hub(), superuser.token).call.staffUsers.setActive({
      userId: peer.user.id,
      isActive: false,
    });
    expect((await reload(peer.user.id)).isActive).toBe(false);

    // A superuser may act on another superuser's sessions.
    const other = await createPerson(hub(), { isSuperuser: true });
    await callerFor(hub(), other.token).call.staffUsers.endSessions({ userId: superuser.user.id });
    expect(await em().count(Session, { user: superuser.user.id })).toBe(0);
  });
});
