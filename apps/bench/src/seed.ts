// Seeding through the hub's own services (never raw rows where a service exists), so what the
// scenarios hit is what production would hold.

import {
  ClientEnvironment,
  createClient,
  createClientSchema,
  createEnvironment,
  createEnvironmentSchema,
  type StaffChange,
} from '@accounts/core/clients';
import { createSession, createUserFromCli, User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { exchangeAuthorizationCode, issueAuthorizationCode } from '@accounts/core/orchestration';

let counter = 0;

/** A person (staff, so they can also register client apps) with a signed-in session. */
export async function signedInPerson(
  hub: Hub,
): Promise<{ userId: string; sessionToken: string; by: StaffChange }> {
  counter += 1;
  const email = `bench${counter}-${Date.now()}@example.test`;
  await createUserFromCli(hub.orm.em.fork(), hub.config, { email, staff: true, displayName: 'Bench Person' });
  const em = hub.orm.em.fork();
  const user = await em.findOneOrFail(User, { email });
  const { token } = await createSession(em, hub.config, user, {
    ip: '127.0.0.1',
    userAgent: 'accounts-bench',
    method: 'password',
  });
  return { userId: user.id, sessionToken: token, by: { actor: { id: user.id, email }, ip: '127.0.0.1' } };
}

/** A client app with a production environment; returns its environment token (shown once). */
export async function clientApp(
  hub: Hub,
  by: StaffChange,
  options: { name: string; firstParty: boolean },
): Promise<{ clientId: string; environmentId: string; environmentToken: string }> {
  const client = await createClient(
    hub.orm.em.fork(),
    by,
    createClientSchema.parse({
      name: options.name,
      isFirstParty: options.firstParty,
      contacts: [{ name: 'Bench', email: 'bench@example.test' }],
    }),
  );
  const { environment, token } = await createEnvironment(
    hub.orm.em.fork(),
    by,
    createEnvironmentSchema.parse({
      clientId: client.id,
      environment: 'production',
      redirectUrl: 'https://app.example.test/callback',
    }),
  );
  return { clientId: client.id, environmentId: environment.id, environmentToken: token };
}

/**
 * An access token for the person, as a client app gets it: an authorization code for their hub
 * session, exchanged by the app's environment (which also records the connection).
 */
export async function accessTokenFor(
  hub: Hub,
  environmentId: string,
  userId: string,
): Promise<{ accessToken: string }> {
  const em = hub.orm.em.fork();
  const user = await em.findOneOrFail(User, { id: userId });
  const { session } = await createSession(em, hub.config, user, {
    ip: '127.0.0.1',
    userAgent: 'accounts-bench client app',
    method: 'password',
  });
  const environment = await em.findOneOrFail(
    ClientEnvironment,
    { id: environmentId },
    { populate: ['client'] },
  );
  const code = await issueAuthorizationCode(em, { userId: user.id, sessionId: session.id, environment });
  const exchanged = await exchangeAuthorizationCode(hub.orm.em.fork(), hub, environment, code);
  return { accessToken: exchanged.accessToken };
}
