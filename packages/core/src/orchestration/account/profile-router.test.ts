import { describe, expect, it } from 'vitest';
import { Plan, UserPlan } from '../../billing/entities.ts';
import { Client, ClientConnection } from '../../clients/entities.ts';
import { User } from '../../identity/entities.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import { DirectoryAccount, DirectoryEmail, Mailbox } from '../../mail/entities.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { refusal } from '../../testing/refusal.ts';
import { callerFor, createPerson } from '../../testing/role-callers.ts';

const change = { displayName: 'Ada Lovelace', language: 'de' as const, timezone: 'Europe/Berlin' };

describe('profile procedures', () => {
  const hub = useTestHub(() => testConfig());
  const reload = (id: string) => hub().orm.em.fork().findOneOrFail(User, { id });
  const eventsOf = (userId: string) =>
    hub()
      .orm.em.fork()
      .find(OutboxEvent, { userId }, { orderBy: { sequence: 'asc' } });

  it('refuses anonymous callers', async () => {
    const anonymous = callerFor(hub(), null).call;
    expect((await refusal(anonymous.profile.update(change))).code).toBe('UNAUTHORIZED');
    expect((await refusal(anonymous.profile.overview())).code).toBe('UNAUTHORIZED');
  });

  it('lets a person change their own profile and tells client apps in the same transaction', async () => {
    const person = await createPerson(hub());
    const other = await createPerson(hub(), { displayName: 'Someone Else' });
    const updated = await callerFor(hub(), person.token).call.profile.update({
      ...change,
      displayName: '  Ada Lovelace  ',
    });
    expect(updated).toMatchObject({ id: person.user.id, displayName: 'Ada Lovelace', language: 'de' });
    expect(await reload(person.user.id)).toMatchObject({
      displayName: 'Ada Lovelace',
      timezone: 'Europe/Berlin',
    });
    const events = await eventsOf(person.user.id);
    expect(events.map((event) => event.type)).toEqual(['user.updated']);
    expect((events[0]!.payload as { data: unknown }).data).toEqual({
      user: {
        id: person.user.id,
        email: person.user.email,
        emailVerified: false,
        username: person.user.username,
        displayName: 'Ada Lovelace',
        avatarUrl: null,
        language: 'de',
        timezone: 'Europe/Berlin',
        isActive: true,
      },
    });
    // Nobody else's profile moved.
    expect(await reload(other.user.id)).toMatchObject({ displayName: 'Someone Else', language: 'en' });
    expect(await eventsOf(other.user.id)).toHaveLength(0);
  });

  it('saves staff members’ own profiles the same way', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    await callerFor(hub(), staff.token).call.profile.update({ ...change, displayName: 'Staff Person' });
    expect((await reload(staff.user.id)).displayName).toBe('Staff Person');
  });

  it('clears the display name when emptied, and emits nothing when nothing changed', async () => {
    const person = await createPerson(hub(), { displayName: 'Before' });
    const caller = callerFor(hub(), person.token).call;
    await caller.profile.update({ displayName: '', language: 'en', timezone: 'UTC' });
    expect((await reload(person.user.id)).displayName).toBeNull();
    await caller.profile.update({ displayName: '', language: 'en', timezone: 'UTC' });
    expect(await eventsOf(person.user.id)).toHaveLength(1);
  });

  it('refuses unknown time zones, languages and over-long names with field errors, changing nothing', async () => {
    const person = await createPerson(hub(), { displayName: 'Unchanged' });
    const caller = callerFor(hub(), person.token).call;
    for (const [input, field] of [
      [{ ...change, timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      [{ ...change, timezone: '+01:00' }, 'timezone'],
      [{ ...change, language: 'xx' }, 'language'],
      [{ ...change, displayName: 'x'.repeat(101) }, 'displayName'],
    ] as const) {
      const error = await refusal(caller.profile.update(input as never));
      expect(error.code).toBe('BAD_REQUEST');
      expect(JSON.stringify(error.cause)).toContain(field);
    }
    expect((await reload(person.user.id)).displayName).toBe('Unchanged');
    expect(await eventsOf(person.user.id)).toHaveLength(0);
  });

  it('stores the canonical spelling of a time zone', async () => {
    const person = await createPerson(hub());
    await callerFor(hub(), person.token).call.profile.update({ ...change, timezone: 'europe/paris' });
    expect((await reload(person.user.id)).timezone).toBe('Europe/Paris');
  });

  it('refuses a profile change sent from another origin (CSRF)', async () => {
    const person = await createPerson(hub());
    const error = await refusal(
      callerFor(hub(), person.token, { origin: 'https://evil.example' }).call.profile.update(change),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect((await reload(person.user.id)).language).toBe('en');
  });

  it('shows a person their own plan, mailbox and apps, and nobody else’s', async () => {
    const em = hub().orm.em.fork();
    const calendar = em.create(Client, {
      name: 'Calendar',
      description: 'Your calendar',
      launchUrl: 'https://calendar.example.test/',
    });
    const notes = em.create(Client, { name: 'Notes' });
    const files = em.create(Client, { name: 'Files' });
    const plan = em.create(Plan, { name: 'Overview Plus' });
    plan.clients.add(calendar, notes);
    await em.flush();
    const person = await createPerson(hub());
    const other = await createPerson(hub());
    const user = await em.findOneOrFail(User, { id: person.user.id });
    em.create(UserPlan, { user, plan });
    em.create(ClientConnection, { user, client: files });
    em.create(Mailbox, { user, accountName: 'ada', localPart: 'ada' });
    em.create(DirectoryAccount, { name: 'ada' });
    await em.flush(); // the directory's hand-written foreign keys need the account first
    em.create(DirectoryEmail, { name: 'ada', address: 'ada@mail.test', type: 'primary' });
    await em.flush();

    const overview = await callerFor(hub(), person.token).call.profile.overview();
    expect(overview.plan?.name).toBe('Overview Plus');
    // Services they can open: a link where the client registered one, the name alone otherwise.
    expect(overview.includedServices).toEqual([
      {
        id: calendar.id,
        name: 'Calendar',
        description: 'Your calendar',
        launchUrl: 'https://calendar.example.test/',
      },
      { id: notes.id, name: 'Notes', description: null, launchUrl: null },
    ]);
    expect(overview.connectedApps.map((app) => app.name)).toEqual(['Files']);
    expect(overview.mailbox).toEqual({ accountName: 'ada', address: 'ada@mail.test', state: 'active' });
    expect(overview.subscription).toBeNull();

    const theirs = await callerFor(hub(), other.token).call.profile.overview();
    expect(theirs).toEqual({
      plan: null,
      subscription: null,
      mailbox: null,
      includedServices: [],
      connectedApps: [],
    });
  });
});
