// Writes what the e2e tests need straight into a stack's database, through the hub's own services.

import { ClientConnection, createClient, createEnvironment, createWebhook } from '@accounts/core/clients';
import { User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { emitEvent, type HubEventType, silentLogger } from '@accounts/core/kernel';
import { openDatabase } from '@accounts/core/orchestration';
import { testConfig } from '@accounts/core/testing';
import type { Stack } from './stack.ts';

const by = { actor: { id: crypto.randomUUID(), email: 'e2e-staff@example.test' }, ip: null };

/** The stack a hub writes into, so the secrets it makes are scanned for in that stack's logs. */
const stackOf = new WeakMap<Hub, Stack>();

export async function openStackHub(stack: Stack): Promise<Hub> {
  const orm = await openDatabase({ url: stack.database.url, poolMax: 4 });
  const key = Buffer.from(stack.env.ENCRYPTION_KEY!, 'base64');
  const config = testConfig({ publicUrl: stack.url, webhooks: { allowPrivateTargets: true } });
  config.encryptionKeys = [{ id: 'k1', key }];
  const hub = { orm, config, log: silentLogger };
  stackOf.set(hub, stack);
  return hub;
}

export async function registerClientApp(
  hub: Hub,
  options: {
    name: string;
    isFirstParty?: boolean;
    webhookUrl?: string;
    webhookType?: 'auth' | 'subscription';
  },
) {
  const client = await createClient(hub.orm.em.fork(), by, {
    name: options.name,
    description: null,
    isActive: true,
    isFirstParty: options.isFirstParty ?? false,
    contacts: [{ name: 'Team', email: 'team@example.test', website: null }],
  });
  const { environment, token } = await createEnvironment(hub.orm.em.fork(), by, {
    clientId: client.id,
    environment: 'prod',
    redirectUrl: 'https://app.example.test/cb',
  });
  const webhook = options.webhookUrl
    ? await createWebhook(hub.orm.em.fork(), hub.config, by, {
        environmentId: environment.id,
        name: 'events',
        url: options.webhookUrl,
        type: options.webhookType ?? 'auth',
      })
    : null;
  stackOf.get(hub)?.secrets.remember(token, webhook?.secret);
  return { client, environment, token, webhook };
}

export async function createConnectedPerson(hub: Hub, email: string, clientIds: string[] = []) {
  const em = hub.orm.em.fork();
  const user = em.create(User, { email, username: email.split('@')[0]!.replace(/[^a-z0-9]/g, '') });
  for (const clientId of clientIds) em.create(ClientConnection, { user, client: clientId });
  await em.flush();
  return user;
}

export async function emit(hub: Hub, type: HubEventType, userId: string, data: Record<string, unknown> = {}) {
  const em = hub.orm.em.fork();
  const event = emitEvent(em, { type, userId, data: { user: { id: userId }, ...data } });
  await em.flush();
  return event.id;
}
