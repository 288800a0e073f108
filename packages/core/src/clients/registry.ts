import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { type Actor, recordAudit, snapshot } from '../audit/service.ts';
import type { HubConfig } from '../config.ts';
import { seal } from '../crypto/sealed-box.ts';
import { conflict, isUniqueViolation, notFound, preconditionFailed } from '../errors.ts';
import { type Page, pageWindow } from '../paging.ts';
import {
  type ClientDto,
  type ClientSummaryDto,
  type ContactDto,
  type EnvironmentDto,
  toClientDto,
  toClientSummaryDto,
  toContactDto,
  toEnvironmentDto,
  toWebhookDto,
  type WebhookDto,
} from './dto.ts';
import { Client, ClientContact, ClientEnvironment, ClientWebhook } from './entities.ts';
import { generateEnvironmentToken } from './environment-tokens.ts';
import type {
  contactSchema,
  createClientSchema,
  createEnvironmentSchema,
  createWebhookSchema,
  rotateSecretSchema,
  rotateTokenSchema,
  updateClientSchema,
  updateEnvironmentSchema,
  updateWebhookSchema,
} from './schemas.ts';
import { validateRedirectUrl, validateWebhookUrl } from './urls.ts';
import { generateWebhookSecret } from './webhook-signing.ts';

/** Who makes a staff change, for the audit log. */
export interface StaffChange {
  actor: Actor;
  ip: string | null;
}

const CLIENT_FIELDS = ['name', 'description', 'isActive', 'isFirstParty'] as const;
const CONTACT_FIELDS = ['name', 'email', 'website', 'client'] as const;
const ENVIRONMENT_FIELDS = [
  'environment',
  'redirectUrl',
  'tokenHint',
  'previousTokenExpiresAt',
  'isActive',
  'client',
] as const;
const WEBHOOK_FIELDS = [
  'name',
  'webhookUrl',
  'type',
  'isActive',
  'previousSecretExpiresAt',
  'clientEnvironment',
] as const;

export function webhookSecretContext(webhookId: string): string {
  return `client-webhook:${webhookId}:secret`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (match) => `\\${match}`);
}

async function flushUnique(em: EntityManager, message: string, field: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(message, field);
    throw error;
  }
}

// ---- clients ----

export interface ClientListQuery {
  search?: string | undefined;
  isActive?: boolean | undefined;
  page: number;
  pageSize: number;
}

export async function listClients(
  em: EntityManager,
  query: ClientListQuery,
): Promise<Page<ClientSummaryDto>> {
  const search = query.search?.trim();
  const pattern = search ? `%${escapeLike(search)}%` : null;
  const [clients, total] = await em.findAndCount(
    Client,
    {
      ...(query.isActive === undefined ? {} : { isActive: query.isActive }),
      ...(pattern
        ? {
            $or: [
              { name: { $ilike: pattern } },
              { description: { $ilike: pattern } },
              { contacts: { email: { $ilike: pattern } } },
              { contacts: { name: { $ilike: pattern } } },
            ],
          }
        : {}),
    },
    { ...pageWindow(query), orderBy: { name: 'asc' }, populate: ['contacts', 'environments'] },
  );
  return {
    items: clients.map((client) =>
      toClientSummaryDto(client, {
        contactCount: client.contacts.count(),
        environmentCount: client.environments.count(),
      }),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function loadClient(em: EntityManager, id: string) {
  const client = await em.findOne(Client, id, {
    populate: ['contacts', 'environments', 'environments.webhooks'],
  });
  if (!client) throw notFound('The client');
  return client;
}

export async function getClient(em: EntityManager, id: string): Promise<ClientDto> {
  return toClientDto(await loadClient(em, id));
}

async function assertNameFree(em: EntityManager, name: string, exceptId?: string): Promise<void> {
  const existing = await em.findOne(Client, { name: { $ilike: escapeLike(name) } });
  if (existing && existing.id !== exceptId) {
    throw conflict(`A client named "${existing.name}" already exists.`, 'name');
  }
}

export async function createClient(
  em: EntityManager,
  by: StaffChange,
  input: z.output<typeof createClientSchema>,
): Promise<ClientDto> {
  await assertNameFree(em, input.name);
  const client = em.create(Client, {
    name: input.name,
    description: input.description ?? null,
    isActive: input.isActive,
    isFirstParty: input.isFirstParty,
  });
  for (const contact of input.contacts) {
    em.create(ClientContact, {
      client,
      name: contact.name,
      email: contact.email,
      website: contact.website ?? null,
    });
  }
  recordAudit(em, {
    ...by,
    action: 'client.create',
    entityType: 'Client',
    entityId: client.id,
    after: { ...snapshot(client, CLIENT_FIELDS), contacts: input.contacts },
  });
  await flushUnique(em, `A client named "${input.name}" already exists.`, 'name');
  return getClient(em.fork(), client.id);
}

export async function updateClient(
  em: EntityManager,
  by: StaffChange,
  input: z.output<typeof updateClientSchema>,
): Promise<ClientDto> {
  const client = await loadClient(em, input.id);
  const before = snapshot(client, CLIENT_FIELDS);
  if (input.name !== undefined && input.name !== client.name) {
    await assertNameFree(em, input.name, client.id);
    client.name = input.name;
  }
  if (input.description !== undefined) client.description = input.description;
  if (input.isActive !== undefined) client.isActive = input.isActive;
  if (input.isFirstParty !== undefined) client.isFirstParty = input.isFirstParty;
  recordAudit(em, {
    ...by,
    action: 'client.update',
    entityType: 'Client',
    entityId: client.id,
    before,
    after: snapshot(client, CLIENT_FIELDS),
  });
  await flushUnique(em, 'A client with this name already exists.', 'name');
  return toClientDto(client);
}

/** Deletes the client with its contacts, environments, webhooks and their deliveries. */
export async function deleteClient(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const client = await loadClient(em, id);
  recordAudit(em, {
    ...by,
    action: 'client.delete',
    entityType: 'Client',
    entityId: client.id,
    before: {
      ...snapshot(client, CLIENT_FIELDS),
      environments: client.environments.getItems().map((environment) => environment.environment),
    },
  });
  em.remove(client);
  await em.flush();
}

// ---- contacts ----

type ContactInput = z.output<typeof contactSchema>;

export async function addContact(
  em: EntityManager,
  by: StaffChange,
  clientId: string,
  input: ContactInput,
): Promise<ContactDto> {
  const client = await em.findOne(Client, clientId);
  if (!client) throw notFound('The client');
  const contact = em.create(ClientContact, {
    client,
    name: input.name,
    email: input.email,
    website: input.website ?? null,
  });
  recordAudit(em, {
    ...by,
    action: 'client.contact.add',
    entityType: 'ClientContact',
    entityId: contact.id,
    after: snapshot(contact, CONTACT_FIELDS),
  });
  await em.flush();
  return toContactDto(contact);
}

export async function updateContact(
  em: EntityManager,
  by: StaffChange,
  id: string,
  input: Partial<ContactInput>,
): Promise<ContactDto> {
  const contact = await em.findOne(ClientContact, id);
  if (!contact) throw notFound('The contact');
  const before = snapshot(contact, CONTACT_FIELDS);
  if (input.name !== undefined) contact.name = input.name;
  if (input.email !== undefined) contact.email = input.email;
  if (input.website !== undefined) contact.website = input.website;
  recordAudit(em, {
    ...by,
    action: 'client.contact.update',
    entityType: 'ClientContact',
    entityId: contact.id,
    before,
    after: snapshot(contact, CONTACT_FIELDS),
  });
  await em.flush();
  return toContactDto(contact);
}

export async function removeContact(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const contact = await em.findOne(ClientContact, id);
  if (!contact) throw notFound('The contact');
  // Lock the client row so two removals at once cannot leave it without contacts.
  await em.transactional(async (tx) => {
    await tx.findOneOrFail(Client, contact.client.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const remaining = await tx.count(ClientContact, { client: contact.client.id, id: { $ne: contact.id } });
    if (remaining === 0) {
      throw preconditionFailed('A client needs at least one contact: add another before removing this one.');
    }
    recordAudit(tx, {
      ...by,
      action: 'client.contact.remove',
      entityType: 'ClientContact',
      entityId: contact.id,
      before: snapshot(contact, CONTACT_FIELDS),
    });
    await tx.nativeDelete(ClientContact, { id: contact.id });
  });
}

// ---- environments ----

async function loadEnvironment(em: EntityManager, id: string) {
  const environment = await em.findOne(ClientEnvironment, id, { populate: ['webhooks'] });
  if (!environment) throw notFound('The environment');
  return environment;
}

/** Creates an environment and its server-to-server token, returned here and never again. */
export async function createEnvironment(
  em: EntityManager,
  by: StaffChange,
  input: z.output<typeof createEnvironmentSchema>,
): Promise<{ environment: EnvironmentDto; token: string }> {
  const client = await em.findOne(Client, input.clientId);
  if (!client) throw notFound('The client');
  const redirectUrl = validateRedirectUrl(input.redirectUrl, input.environment);
  if (await em.findOne(ClientEnvironment, { client, environment: input.environment })) {
    throw conflict(`This client already has a "${input.environment}" environment.`, 'environment');
  }
  const token = generateEnvironmentToken();
  const environment = em.create(ClientEnvironment, {
    client,
    environment: input.environment,
    redirectUrl,
    authToken: token.hash,
    tokenHint: token.hint,
  });
  recordAudit(em, {
    ...by,
    action: 'client.environment.create',
    entityType: 'ClientEnvironment',
    entityId: environment.id,
    after: snapshot(environment, ENVIRONMENT_FIELDS),
  });
  await flushUnique(em, `This client already has a "${input.environment}" environment.`, 'environment');
  return {
    environment: toEnvironmentDto(await loadEnvironment(em.fork(), environment.id)),
    token: token.token,
  };
}

export async function updateEnvironment(
  em: EntityManager,
  by: StaffChange,
  input: z.output<typeof updateEnvironmentSchema>,
): Promise<EnvironmentDto> {
  const environment = await loadEnvironment(em, input.id);
  const before = snapshot(environment, ENVIRONMENT_FIELDS);
  if (input.redirectUrl !== undefined) {
    environment.redirectUrl = validateRedirectUrl(input.redirectUrl, environment.environment);
  }
  if (input.isActive !== undefined) environment.isActive = input.isActive;
  recordAudit(em, {
    ...by,
    action: 'client.environment.update',
    entityType: 'ClientEnvironment',
    entityId: environment.id,
    before,
    after: snapshot(environment, ENVIRONMENT_FIELDS),
  });
  await em.flush();
  return toEnvironmentDto(environment);
}

/**
 * Issues a new token. The old one keeps working for `graceSeconds` (0: stops at once) so the
 * client can roll it out; a token replaced earlier stops now, whatever its grace was.
 */
export async function rotateEnvironmentToken(
  em: EntityManager,
  by: StaffChange,
  input: z.output<typeof rotateTokenSchema>,
  now: Date = new Date(),
): Promise<{ environment: EnvironmentDto; token: string }> {
  const environment = await loadEnvironment(em, input.id);
  const before = snapshot(environment, ENVIRONMENT_FIELDS);
  const token = generateEnvironmentToken();
  const previous = environment.authToken;
  environment.authToken = token.hash;
  environment.tokenHint = token.hint;
  environment.previousAuthToken = input.graceSeconds > 0 ? previous : null;
  environment.previousTokenExpiresAt =
    input.graceSeconds > 0 ? new Date(now.getTime() + input.graceSeconds * 1000) : null;
  recordAudit(em, {
    ...by,
    action: 'client.environment.rotate-token',
    entityType: 'ClientEnvironment',
    entityId: environment.id,
    before,
    after: { ...snapshot(environment, ENVIRONMENT_FIELDS), graceSeconds: input.graceSeconds },
  });
  await em.flush();
  return { environment: toEnvironmentDto(environment), token: token.token };
}

export async function deleteEnvironment(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const environment = await loadEnvironment(em, id);
  recordAudit(em, {
    ...by,
    action: 'client.environment.delete',
    entityType: 'ClientEnvironment',
    entityId: environment.id,
    before: snapshot(environment, ENVIRONMENT_FIELDS),
  });
  em.remove(environment);
  await em.flush();
}

// ---- webhooks ----

async function loadWebhook(em: EntityManager, id: string) {
  const webhook = await em.findOne(ClientWebhook, id);
  if (!webhook) throw notFound('The webhook');
  return webhook;
}

/** Creates a webhook with a new `whsec_` secret, returned here and never again. */
export async function createWebhook(
  em: EntityManager,
  config: HubConfig,
  by: StaffChange,
  input: z.output<typeof createWebhookSchema>,
): Promise<{ webhook: WebhookDto; secret: string }> {
  const environment = await em.findOne(ClientEnvironment, input.environmentId);
  if (!environment) throw notFound('The environment');
  const webhookUrl = validateWebhookUrl(input.url, config.webhooks.allowPrivateTargets);
  const secret = generateWebhookSecret();
  const webhook = em.create(ClientWebhook, {
    clientEnvironment: environment,
    name: input.name,
    webhookUrl,
    type: input.type,
    secret: Buffer.alloc(0),
  });
  webhook.secret = seal(config.encryptionKeys, secret, webhookSecretContext(webhook.id));
  recordAudit(em, {
    ...by,
    action: 'client.webhook.create',
    entityType: 'ClientWebhook',
    entityId: webhook.id,
    after: snapshot(webhook, WEBHOOK_FIELDS),
  });
  await em.flush();
  return { webhook: toWebhookDto(webhook), secret };
}

export async function updateWebhook(
  em: EntityManager,
  config: HubConfig,
  by: StaffChange,
  input: z.output<typeof updateWebhookSchema>,
): Promise<WebhookDto> {
  const webhook = await loadWebhook(em, input.id);
  const before = snapshot(webhook, WEBHOOK_FIELDS);
  if (input.name !== undefined) webhook.name = input.name;
  if (input.url !== undefined) {
    webhook.webhookUrl = validateWebhookUrl(input.url, config.webhooks.allowPrivateTargets);
  }
  if (input.type !== undefined) webhook.type = input.type;
  if (input.isActive !== undefined) webhook.isActive = input.isActive;
  recordAudit(em, {
    ...by,
    action: 'client.webhook.update',
    entityType: 'ClientWebhook',
    entityId: webhook.id,
    before,
    after: snapshot(webhook, WEBHOOK_FIELDS),
  });
  await em.flush();
  return toWebhookDto(webhook);
}

/**
 * A new secret; for `overlapSeconds` deliveries are signed with both, so receivers can switch
 * over without refusing anything.
 */
export async function rotateWebhookSecret(
  em: EntityManager,
  config: HubConfig,
  by: StaffChange,
  input: z.output<typeof rotateSecretSchema>,
  now: Date = new Date(),
): Promise<{ webhook: WebhookDto; secret: string }> {
  const webhook = await em.findOne(ClientWebhook, input.id, { populate: ['secret'] });
  if (!webhook) throw notFound('The webhook');
  const before = snapshot(webhook, WEBHOOK_FIELDS);
  const secret = generateWebhookSecret();
  webhook.previousSecret = input.overlapSeconds > 0 ? webhook.secret : null;
  webhook.previousSecretExpiresAt =
    input.overlapSeconds > 0 ? new Date(now.getTime() + input.overlapSeconds * 1000) : null;
  webhook.secret = seal(config.encryptionKeys, secret, webhookSecretContext(webhook.id));
  recordAudit(em, {
    ...by,
    action: 'client.webhook.rotate-secret',
    entityType: 'ClientWebhook',
    entityId: webhook.id,
    before,
    after: { ...snapshot(webhook, WEBHOOK_FIELDS), overlapSeconds: input.overlapSeconds },
  });
  await em.flush();
  return { webhook: toWebhookDto(webhook), secret };
}

export async function deleteWebhook(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const webhook = await loadWebhook(em, id);
  recordAudit(em, {
    ...by,
    action: 'client.webhook.delete',
    entityType: 'ClientWebhook',
    entityId: webhook.id,
    before: snapshot(webhook, WEBHOOK_FIELDS),
  });
  em.remove(webhook);
  await em.flush();
}
