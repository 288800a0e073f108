import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ClientEnvironment } from '../../clients/entities.ts';
import { createUserFromCli } from '../../identity/cli-users.ts';
import { User, type UserEntity } from '../../identity/entities.ts';
import { createSession } from '../../identity/sessions.ts';
import {
  callerFor,
  createTestClientApp,
  createTestUser,
  sessionCookieFor,
} from '../../identity/test-support.ts';
import { upsertMozillaUser } from '../../identity/users.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { issueAuthorizationCode } from './client-tokens.ts';

const admitAll = async () => true;

/**
 * Self sign-up with a password proves nothing about the address typed (the hub sends no mail), so
 * client apps must be told: `emailVerified` / `email_verified` is false in everything they receive
 * about such a person, and true where Mozilla accounts confirmed the address or staff or an
 * operator created the account (CONTRACTS.md).
 */
describe('whether client apps are told a person’s email is verified', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password', signupMode: 'open' }));

  /** Everything a client app receives about the person: tokens, verify, profile, directory, events. */
  async function whatAppsSee(user: UserEntity) {
    const em = hub().orm.em.fork();
    const { session } = await createSession(em, hub().config, await em.findOneOrFail(User, { id: user.id }), {
      ip: null,
      userAgent: null,
      method: 'password',
    });
    const app = await createTestClientApp(em);
    const code = await issueAuthorizationCode(em, {
      userId: user.id,
      sessionId: session.id,
      environment: await em.findOneOrFail(ClientEnvironment, { id: app.environment.id }),
    });
    const server = callerFor(hub(), { authorization: `Bearer ${app.token}`, origin: null }).caller;
    const exchanged = await server.clientAuth.exchange({ code });
    const verified = await server.clientAuth.verify({ accessToken: exchanged.accessToken });
    const events = await em.fork().find(OutboxEvent, { userId: user.id }, { orderBy: { sequence: 'asc' } });
    return {
      exchange: exchanged.user.emailVerified,
      accessToken: decodeJwt(exchanged.accessToken).email_verified,
      verify: verified.claims?.email_verified,
      profile: (await server.clientAuth.profile({ accessToken: exchanged.accessToken })).emailVerified,
      directory: (await server.directory.getUser({ id: user.id })).emailVerified,
      events: events
        .filter((event) => event.type.startsWith('user.'))
        .map((event) => [
          event.type,
          (event.payload.data as { user: { emailVerified: unknown } }).user.emailVerified,
        ]),
    };
  }

  const everywhere = (value: boolean, events: [string, boolean][]) => ({
    exchange: value,
    accessToken: value,
    verify: value,
    profile: value,
    directory: value,
    events,
  });

  it('is false for a self sign-up with a password', async () => {
    const { caller } = callerFor(hub());
    expect(
      await caller.auth.signUp({ email: 'self.made@example.test', password: 'long enough password' }),
    ).toEqual({ redirectTo: '/check-email' });
    const user = await hub().orm.em.fork().findOneOrFail(User, { email: 'self.made@example.test' });
    expect(await whatAppsSee(user)).toEqual(everywhere(false, [['user.created', false]]));
  });

  it('is true for an account staff or the CLI created', async () => {
    const superuser = await createTestUser(hub().orm.em.fork(), { isStaff: true, isSuperuser: true });
    const staff = callerFor(hub(), { cookies: (await sessionCookieFor(hub(), superuser)).cookies }).caller;
    const { user: byStaff } = await staff.staffAccounts.createUser({ email: 'staff.made@example.test' });
    expect(await whatAppsSee(await hub().orm.em.fork().findOneOrFail(User, { id: byStaff.id }))).toEqual(
      everywhere(true, [['user.created', true]]),
    );

    const em = hub().orm.em.fork();
    const byCli = await createUserFromCli(em, hub().config, { email: 'cli.made@example.test', staff: false });
    expect(await whatAppsSee(await em.fork().findOneOrFail(User, { email: byCli.email }))).toEqual(
      everywhere(true, [['user.created', true]]),
    );
  });

  it('is true once Mozilla accounts confirm the address, also for someone who signed up with a password', async () => {
    const em = hub().orm.em.fork();
    const { user: fromMozilla } = await upsertMozillaUser(
      em,
      hub().config,
      {
        uid: 'fxa-verified-1',
        email: 'moz@example.test',
      },
      admitAll,
    );
    await em.flush();
    expect(await whatAppsSee(fromMozilla)).toEqual(everywhere(true, [['user.created', true]]));

    await callerFor(hub()).caller.auth.signUp({
      email: 'later.moz@example.test',
      password: 'long enough password',
    });
    const later = em.fork();
    const { user: confirmed, created } = await upsertMozillaUser(
      later,
      hub().config,
      {
        uid: 'fxa-verified-2',
        email: 'later.moz@example.test',
      },
      admitAll,
    );
    await later.flush();
    expect(created).toBe(false);
    expect(await whatAppsSee(confirmed)).toEqual(
      everywhere(true, [
        ['user.created', false],
        ['user.updated', true],
      ]),
    );
  });
});
