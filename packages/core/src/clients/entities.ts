import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { User } from '../identity/index.ts';
import { baseProperties } from '../kernel/db/base-properties.ts';
import { OutboxEvent } from '../kernel/events/outbox-event.ts';

export const Client = defineEntity({
  name: 'Client',
  tableName: 'clients',
  properties: {
    ...baseProperties,
    name: p.string().unique(),
    description: p.text().nullable(),
    /** Where people open the service from their overview; https only (clients/urls.ts). */
    launchUrl: p.text().nullable().check("launch_url ~ '^https://'"),
    isActive: p.boolean().default(true),
    /** First-party clients may look up any user, not only those who signed in to them. */
    isFirstParty: p.boolean().default(false),
    contacts: () => p.oneToMany(ClientContact).mappedBy('client'),
    environments: () => p.oneToMany(ClientEnvironment).mappedBy('client'),
  },
});
export type ClientEntity = InferEntity<typeof Client>;

export const ClientContact = defineEntity({
  name: 'ClientContact',
  tableName: 'client_contacts',
  properties: {
    ...baseProperties,
    name: p.string(),
    email: p.string(),
    website: p.string().nullable(),
    client: () => p.manyToOne(Client).deleteRule('cascade').index(),
  },
});

export const ClientEnvironment = defineEntity({
  name: 'ClientEnvironment',
  tableName: 'client_environments',
  uniques: [{ properties: ['client', 'environment'] }],
  properties: {
    ...baseProperties,
    /** dev | stage | prod, or another short name. */
    environment: p.string(),
    redirectUrl: p.text(),
    /** SHA-256 of the server-to-server token; the token is shown once and never stored. */
    authToken: p.blob().unique().hidden(),
    /** The first characters of the token, so staff can tell tokens apart. */
    tokenHint: p.string(),
    /** After a rotation the old token keeps working until previousTokenExpiresAt. */
    previousAuthToken: p.blob().nullable().unique().hidden(),
    previousTokenExpiresAt: p.datetime().nullable(),
    isActive: p.boolean().default(true),
    client: () => p.manyToOne(Client).deleteRule('cascade'),
    webhooks: () => p.oneToMany(ClientWebhook).mappedBy('clientEnvironment'),
  },
});
export type ClientEnvironmentEntity = InferEntity<typeof ClientEnvironment>;

export const ClientWebhook = defineEntity({
  name: 'ClientWebhook',
  tableName: 'client_webhooks',
  properties: {
    ...baseProperties,
    name: p.string(),
    webhookUrl: p.text(),
    type: p.enum(['auth', 'subscription']),
    /** The whsec_ signing secret, sealed with ENCRYPTION_KEY (we must sign with it, so no hash). */
    secret: p.blob().hidden().lazy(),
    /** During rotation deliveries are signed with both secrets until previousSecretExpiresAt. */
    previousSecret: p.blob().nullable().hidden().lazy(),
    previousSecretExpiresAt: p.datetime().nullable(),
    isActive: p.boolean().default(true),
    consecutiveFailures: p.integer().default(0),
    /** Set when deliveries keep failing, cleared by the next success. */
    failingSince: p.datetime().nullable(),
    clientEnvironment: () => p.manyToOne(ClientEnvironment).deleteRule('cascade').index(),
  },
});

export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  uniques: [{ properties: ['event', 'webhook'] }],
  indexes: [
    { properties: ['status', 'nextAttemptAt'] },
    // Per-(webhook, user) ordering: "is an earlier delivery for this user still pending?"
    { properties: ['webhook', 'userId', 'status'] },
    // Claiming reads pending deliveries in event order and stops after a batch, whatever the history.
    { properties: ['status', 'eventSequence'] },
  ],
  /**
   * Workers of the previous release insert deliveries without `event_sequence` while a release
   * that added it rolls out: the event's own sequence fills it, so NOT NULL holds for them too.
   */
  triggers: [
    {
      name: 'webhook_delivery_event_sequence',
      timing: 'before',
      events: ['insert'],
      forEach: 'row',
      body: `if new.event_sequence is null then
    select e.sequence into new.event_sequence from outbox_events e where e.id = new.event_id;
  end if;
  return new;`,
    },
  ],
  properties: {
    ...baseProperties,
    event: () => p.manyToOne(OutboxEvent).deleteRule('cascade'),
    webhook: () => p.manyToOne(ClientWebhook).deleteRule('cascade').index(),
    userId: p.uuid().nullable(),
    /** The event's `sequence`, copied so claiming and the per-person order need not join the events. */
    eventSequence: p.bigint('number'),
    status: p.enum(['pending', 'succeeded', 'failed']).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    /** A worker holds a delivery until lockedUntil; a crashed worker's lock simply runs out. */
    lockedUntil: p.datetime().nullable(),
    lastStatusCode: p.integer().nullable(),
    lastError: p.text().nullable(),
    lastLatencyMs: p.integer().nullable(),
    deliveredAt: p.datetime().nullable(),
  },
});

export const WebhookDeliveryAttempt = defineEntity({
  name: 'WebhookDeliveryAttempt',
  tableName: 'webhook_delivery_attempts',
  properties: {
    ...baseProperties,
    delivery: () => p.manyToOne(WebhookDelivery).deleteRule('cascade').index(),
    attempt: p.integer(),
    statusCode: p.integer().nullable(),
    latencyMs: p.integer(),
    error: p.text().nullable(),
  },
});

/** Sign-up gating: an email address or a whole domain (`@example.com`) that may sign up. */
export const AllowListEntry = defineEntity({
  name: 'AllowListEntry',
  tableName: 'allow_list_entries',
  properties: {
    ...baseProperties,
    pattern: p.string().unique(),
    note: p.text().nullable(),
  },
});

/** Which client apps a person has signed in to (for "connected apps" and scoped user lookups). */
export const ClientConnection = defineEntity({
  name: 'ClientConnection',
  tableName: 'client_connections',
  uniques: [{ properties: ['user', 'client'] }],
  properties: {
    ...baseProperties,
    user: () => p.manyToOne(User).deleteRule('cascade'),
    client: () => p.manyToOne(Client).deleteRule('cascade').index(),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
  },
});
