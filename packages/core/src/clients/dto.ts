import type { InferEntity } from '@mikro-orm/core';
import type { HubConfig } from '../kernel/config.ts';
import type { Client, ClientContact, ClientEnvironment, ClientWebhook } from './entities.ts';

/** A webhook is flagged after this many failed attempts in a row (cleared by a success). */
export const FLAG_AFTER_CONSECUTIVE_FAILURES = 5;

export interface ContactDto {
  id: string;
  name: string;
  email: string;
  website: string | null;
}

/** Never the secret: it is shown once, when created or rotated. */
export interface WebhookDto {
  id: string;
  environmentId: string;
  name: string;
  url: string;
  type: 'auth' | 'subscription';
  isActive: boolean;
  /** Until then deliveries are signed with the previous secret too. */
  previousSecretExpiresAt: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  isFlagged: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Never the token: only its first characters, to tell tokens apart. */
export interface EnvironmentDto {
  id: string;
  clientId: string;
  environment: string;
  redirectUrl: string;
  tokenHint: string;
  /** Until then the token replaced by the last rotation still works. */
  previousTokenExpiresAt: Date | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  webhooks: WebhookDto[];
}

export interface ClientSummaryDto {
  id: string;
  name: string;
  description: string | null;
  /** Where people open the service from their overview (https), or null. */
  launchUrl: string | null;
  isActive: boolean;
  isFirstParty: boolean;
  contactCount: number;
  environmentCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClientDto extends ClientSummaryDto {
  contacts: ContactDto[];
  environments: EnvironmentDto[];
}

/** A client as its staff page gets it: with what the hub accepts as a webhook URL. */
export interface ClientPageDto extends ClientDto {
  /**
   * True where WEBHOOKS_ALLOW_PRIVATE_TARGETS is on (development only): webhook URLs may then use
   * plain http and point at this machine or a private network, so the form must not say otherwise.
   */
  privateWebhookTargets: boolean;
}

export function toClientPageDto(client: ClientDto, config: HubConfig): ClientPageDto {
  return { ...client, privateWebhookTargets: config.webhooks.allowPrivateTargets };
}

type ClientRow = InferEntity<typeof Client>;
type ContactRow = InferEntity<typeof ClientContact>;
type EnvironmentRow = InferEntity<typeof ClientEnvironment>;
type WebhookRow = InferEntity<typeof ClientWebhook>;

export function toContactDto(contact: ContactRow): ContactDto {
  return { id: contact.id, name: contact.name, email: contact.email, website: contact.website ?? null };
}

export function toWebhookDto(webhook: WebhookRow): WebhookDto {
  return {
    id: webhook.id,
    environmentId: webhook.clientEnvironment.id,
    name: webhook.name,
    url: webhook.webhookUrl,
    type: webhook.type,
    isActive: webhook.isActive,
    previousSecretExpiresAt: webhook.previousSecretExpiresAt ?? null,
    consecutiveFailures: webhook.consecutiveFailures,
    failingSince: webhook.failingSince ?? null,
    isFlagged: webhook.consecutiveFailures >= FLAG_AFTER_CONSECUTIVE_FAILURES,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}

/** Webhooks are included when the collection is loaded. */
export function toEnvironmentDto(environment: EnvironmentRow): EnvironmentDto {
  const webhooks = environment.webhooks.isInitialized() ? environment.webhooks.getItems() : [];
  return {
    id: environment.id,
    clientId: environment.client.id,
    environment: environment.environment,
    redirectUrl: environment.redirectUrl,
    tokenHint: environment.tokenHint,
    previousTokenExpiresAt: environment.previousTokenExpiresAt ?? null,
    isActive: environment.isActive,
    createdAt: environment.createdAt,
    updatedAt: environment.updatedAt,
    webhooks: webhooks.map(toWebhookDto).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
  };
}

export function toClientSummaryDto(
  client: ClientRow,
  counts: { contactCount: number; environmentCount: number },
): ClientSummaryDto {
  return {
    id: client.id,
    name: client.name,
    description: client.description ?? null,
    launchUrl: client.launchUrl ?? null,
    isActive: client.isActive,
    isFirstParty: client.isFirstParty,
    contactCount: counts.contactCount,
    environmentCount: counts.environmentCount,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}

/** Needs contacts, environments and environments.webhooks populated. */
export function toClientDto(client: ClientRow): ClientDto {
  const contacts = client.contacts.getItems().map(toContactDto);
  const environments = client.environments
    .getItems()
    .map(toEnvironmentDto)
    .sort((a, b) => a.environment.localeCompare(b.environment));
  return {
    ...toClientSummaryDto(client, { contactCount: contacts.length, environmentCount: environments.length }),
    contacts: contacts.sort((a, b) => a.name.localeCompare(b.name)),
    environments,
  };
}
