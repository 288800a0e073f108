import { describe, expect, it } from 'vitest';
import { AuditEntry } from '../kernel/audit/entities.ts';
import { sha256 } from '../kernel/crypto/tokens.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import {
  AllowListEntry,
  Client,
  ClientContact,
  ClientEnvironment,
  ClientWebhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
} from './entities.ts';

describe('client tables', () => {
  const hub = useTestHub(() => testConfig());

  it('writes a client with contact, environment, webhook, events and deliveries, and reads them back', async () => {
    const em = hub().orm.em.fork();
    const client = em.create(Client, { name: 'Calendar', isFirstParty: true });
    em.create(ClientContact, {
      client,
      name: 'Cal Team',
      email: 'cal@example.test',
      website: 'https://cal.test',
    });
    const environment = em.create(ClientEnvironment, {
      client,
      environment: 'prod',
      redirectUrl: 'https://cal.example.test/callback',
      authToken: sha256('token'),
      tokenHint: 'acc_env_abcd',
    });
    const webhook = em.create(ClientWebhook, {
      clientEnvironment: environment,
      name: 'users',
      webhookUrl: 'https://cal.example.test/hooks',
      type: 'auth',
      secret: Buffer.from('sealed'),
    });
    const event = em.create(OutboxEvent, {
      type: 'user.created',
      webhookType: 'auth',
      userId: crypto.randomUUID(),
      payload: { id: 1 },
    });
    const delivery = em.create(WebhookDelivery, { event, eventSequence: 1, webhook, userId: event.userId });
    em.create(WebhookDeliveryAttempt, {
      delivery,
      attempt: 1,
      statusCode: 500,
      latencyMs: 12,
      error: 'HTTP 500',
    });
    em.create(AllowListEntry, { pattern: '@example.test' });
    em.create(AuditEntry, {
      action: 'client.create',
      entityType: 'Client',
      entityId: client.id,
      after: { name: 'x' },
    });
    await em.flush();

    const read = await em
      .fork()
      .findOneOrFail(
        Client,
        { name: 'Calendar' },
        { populate: ['contacts', 'environments', 'environments.webhooks'] },
      );
    expect(read.contacts.getItems().map((contact) => contact.email)).toEqual(['cal@example.test']);
    expect(read.environments.getItems()[0]?.webhooks.getItems()[0]?.type).toBe('auth');
    const events = await em.fork().find(OutboxEvent, {});
    expect(events[0]?.sequence).toBeGreaterThan(0);
    expect(await em.fork().count(WebhookDeliveryAttempt, {})).toBe(1);
  });

  it('refuses a duplicate client name and a second environment of the same name', async () => {
    const em = hub().orm.em.fork();
    const client = em.create(Client, { name: 'Unique App' });
    em.create(ClientEnvironment, {
      client,
      environment: 'dev',
      redirectUrl: 'http://localhost/cb',
      authToken: sha256('u1'),
      tokenHint: 'x',
    });
    await em.flush();
    await expect(em.fork().insert(Client, { name: 'Unique App' } as never)).rejects.toThrow(
      /clients_name_unique/,
    );
    await expect(
      em.fork().insert(ClientEnvironment, {
        client: client.id,
        environment: 'dev',
        redirectUrl: 'http://localhost/cb',
        authToken: sha256('u2'),
        tokenHint: 'y',
      } as never),
    ).rejects.toThrow(/client_environments_client_id_environment_unique/);
  });

  it("gives a delivery its event's sequence when an older release's worker inserts it without one", async () => {
    const em = hub().orm.em.fork();
    const client = em.create(Client, { name: 'Rolling App' });
    const environment = em.create(ClientEnvironment, {
      client,
      environment: 'prod',
      redirectUrl: 'https://rolling.example.test/cb',
      authToken: sha256('rolling'),
      tokenHint: 'acc_env_roll',
    });
    const webhook = em.create(ClientWebhook, {
      clientEnvironment: environment,
      name: 'users',
      webhookUrl: 'https://rolling.example.test/hooks',
      type: 'auth',
      secret: Buffer.from('sealed'),
    });
    const event = em.create(OutboxEvent, {
      type: 'user.updated',
      webhookType: 'auth',
      userId: crypto.randomUUID(),
      payload: { id: 2 },
    });
    await em.flush();
    // The previous release's dispatch, column list and all.
    await query(
      em,
      sql`insert into webhook_deliveries (event_id, webhook_id, user_id, status, attempts, next_attempt_at, created_at, updated_at)
       values (${event.id}, ${webhook.id}, ${event.userId}, 'pending', 0, now(), now(), now())`,
    );
    const [row] = await query<{ event_sequence: string }>(
      em,
      sql`select event_sequence from webhook_deliveries where event_id = ${event.id}`,
    );
    expect(Number(row?.event_sequence)).toBe(Number(event.sequence));
  });
});
