import { type EntityName, type InferEntity, LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { type Actor, recordAudit, snapshot } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import type { SealedColumn } from '../kernel/crypto/reseal.ts';
import { seal } from '../kernel/crypto/sealed-box.ts';
import { escapeLike } from '../kernel/db/sql.ts';
import { conflict, isUniqueViolation, notFound, preconditionFailed } from '../kernel/errors.ts';
import { type Page, pageWindow } from '../kernel/paging.ts';
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
import { validateLaunchUrl, validateRedirectUrl, validateWebhookUrl } from './urls.ts';
import { generateWebhookSecret } from './webhook-signing.ts';

/** Who makes a staff change, for the audit log. */
export interface StaffChange {
  actor: Actor;
  ip: string | null;
}

/** How each of the registry's entities appears in the audit log: its type and the fields kept. */
interface Audited<T> {
  entityType: string;
  fields: readonly (keyof T)[];
}
const CLIENT: Audited<InferEntity<typeof Client>> = {
  entityType: 'Client',
  fields: ['name', 'description', 'launchUrl', 'isActive', 'isFirstParty'],
};
const CONTACT: Audited<InferEntity<typeof ClientContact>> = {
  entityType: 'ClientContact',
  fields: ['name', 'email', 'website', 'client'],
};
const ENVIRONMENT: Audited<InferEntity<typeof ClientEnvironment>> = {
  entityType: 'ClientEnvironment',
  fields: ['environment', 'redirectUrl', 'tokenHint', 'previousTokenExpiresAt', 'isActive', 'client'],
};
const WEBHOOK: Audited<InferEntity<typeof ClientWebhook>> = {
  entityType: 'ClientWebhook',
  fields: ['name', 'webhookUrl', 'type', 'isActive', 'previousSecretExpiresAt', 'clientEnvironment'],
};

/** Records a staff change that leaves the entity in place: `before` (none for a new one) and its fields now. */
function auditChange<T extends { id: string }>(
  em: EntityManager,
  by: StaffChange,
  action: string,
  audited: Audited<T>,
  entity: T,
  change: { before?: Record<string, unknown>; extra?: Record<string, unknown> } = {},
): void {
  recordAudit(em, {
    ...by,
    action,
    entityType: audited.entityType,
    entityId: entity.id,
    before: change.before,
    after: { ...snapshot(entity, audited.fields), ...change.extra },
  });
}

/** Records a staff deletion: the entity's fields as they were. */
function auditDeletion<T extends { id: string }>(
  em: EntityManager,
  by: StaffChange,
  action: string,
  audited: Audited<T>,
  entity: T,
  extra: Record<string, unknown> = {},
): void {
  recordAudit(em, {
    ...by,
    action,
    entityType: audited.entityType,
    entityId: entity.id,
    before: { ...snapshot(entity, audited.fields), ...extra },
  });
}

export function webhookSecretContext(webhookId: string): string {
  return `client-webhook:${webhookId}:secret`;
}

/** Both secret columns of a webhook (same context), for `keys:reseal`. */
export const SEALED_WEBHOOK_SECRETS: SealedColumn[] = ['secret', 'previousSecret'].map((property) => ({
  entity: ClientWebhook as EntityName<object>,
  property,
  contextProperty: 'id',
  context: webhookSecretContext,
}));

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
    launchUrl: validateLaunchUrl(input.launchUrl),
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
  auditChange(em, by, 'client.create', CLIENT, client, { extra: { contacts: input.contacts } });
  await flushUnique(em, `A client named "${input.name}" already exists.`, 'name');
  return getClient(em.fork(), client.id);
}

export async function updateClient(
  em: EntityManager,
  by: StaffChange,
  input: z.output<typeof updateClientSchema>,
): Promise<ClientDto> {
  const client = await loadClient(em, input.id);
  const before = snapshot(client, CLIENT.fields);
  if (input.name !== undefined && input.name !== client.name) {
    await assertNameFree(em, input.name, client.id);
    client.name = input.name;
  }
  if (input.description !== undefined) client.description = input.description;
  if (input.launchUrl !== undefined) client.launchUrl = validateLaunchUrl(input.launchUrl);
  if (input.isActive !== undefined) client.isActive = input.isActive;
  if (input.isFirstParty !== undefined) client.isFirstParty = input.isFirstParty;
  auditChange(em, by, 'client.update', CLIENT, client, { before });
  await flushUnique(em, 'A client with this name already exists.', 'name');
  return toClientDto(client);
}

/** Deletes the client with its contacts, environments, webhooks and their deliveries. */
export async function deleteClient(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const client = await loadClient(em, id);
  auditDeletion(em, by, 'client.delete', CLIENT, client, {
    environments: client.environments.getItems().map((environment) => environment.environment),
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
  auditChange(em, by, 'client.contact.add', CONTACT, contact);
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
  const before = snapshot(contact, CONTACT.fields);
  if (input.name !== undefined) contact.name = input.name;
  if (input.email !== undefined) contact.email = input.email;
  if (input.website !== undefined) contact.website = input.website;
  auditChange(em, by, 'client.contact.update', CONTACT, contact, { before });
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
    auditDeletion(tx, by, 'client.contact.remove', CONTACT, contact);
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
  auditChange(em, by, 'client.environment.create', ENVIRONMENT, environment);
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
  const before = snapshot(environment, ENVIRONMENT.fields);
  if (input.redirectUrl !== undefined) {
    environment.redirectUrl = validateRedirectUrl(input.redirectUrl, environment.environment);
  }
  if (input.isActive !== undefined) environment.isActive = input.isActive;
  auditChange(em, by, 'client.environment.update', ENVIRONMENT, environment, { before });
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
  const before = snapshot(environment, ENVIRONMENT.fields);
  const token = generateEnvironmentToken();
  const previous = environment.authToken;
  environment.authToken = token.hash;
  environment.tokenHint = token.hint;
  environment.previousAuthToken = input.graceSeconds > 0 ? previous : null;
  environment.previousTokenExpiresAt =
    input.graceSeconds > 0 ? new Date(now.getTime() + input.graceSeconds * 1000) : null;
  auditChange(em, by, 'client.environment.rotate-token', ENVIRONMENT, environment, {
    before,
    extra: { graceSeconds: input.graceSeconds },
  });
  await em.flush();
  return { environment: toEnvironmentDto(environment), token: token.token };
}

export async function deleteEnvironment(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const environment = await loadEnvironment(em, id);
  auditDeletion(em, by, 'client.environment.delete', ENVIRONMENT, environment);
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
  auditChange(em, by, 'client.webhook.create', WEBHOOK, webhook);
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
  const before = snapshot(webhook, WEBHOOK.fields);
  if (input.name !== undefined) webhook.name = input.name;
  if (input.url !== undefined) {
    webhook.webhookUrl = validateWebhookUrl(input.url, config.webhooks.allowPrivateTargets);
  }
  if (input.type !== undefined) webhook.type = input.type;
  if (input.isActive !== undefined) webhook.isActive = input.isActive;
  auditChange(em, by, 'client.webhook.update', WEBHOOK, webhook, { before });
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
  const before = snapshot(webhook, WEBHOOK.fields);
  const secret = generateWebhookSecret();
  webhook.previousSecret = input.overlapSeconds > 0 ? webhook.secret : null;
  webhook.previousSecretExpiresAt =
    input.overlapSeconds > 0 ? new Date(now.getTime() + input.overlapSeconds * 1000) : null;
  webhook.secret = seal(config.encryptionKeys, secret, webhookSecretContext(webhook.id));
  auditChange(em, by, 'client.webhook.rotate-secret', WEBHOOK, webhook, {
    before,
    extra: { overlapSeconds: input.overlapSeconds },
  });
  await em.flush();
  return { webhook: toWebhookDto(webhook), secret };
}

export async function deleteWebhook(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const webhook = await loadWebhook(em, id);
  auditDeletion(em, by, 'client.webhook.delete', WEBHOOK, webhook);
  em.remove(webhook);
  await em.flush();
}
