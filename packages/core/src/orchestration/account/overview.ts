import type { EntityManager } from '@mikro-orm/postgresql';
import { heldPlanOf, type PlanEntity, type PlanTranslations } from '../../billing/index.ts';
import type { ClientEntity } from '../../clients/index.ts';
import { ClientConnection } from '../../clients/index.ts';
import type { HubConfig } from '../../kernel/config.ts';
import {
  type MailboxSummary,
  mailboxSummaryFor,
  type SubscriptionSummary,
  subscriptionSummaryFor,
} from './linked-services.ts';

export interface ServiceDto {
  id: string;
  name: string;
  description: string | null;
  /** Where to open it (https), when the client has registered one. */
  launchUrl: string | null;
}

export interface ConnectedAppDto {
  clientId: string;
  name: string;
  lastSeenAt: Date;
}

export interface AccountOverviewDto {
  /** `includesMailbox`: with no mailbox yet, the person is prompted to choose their address. */
  plan: {
    id: string;
    name: string;
    description: string | null;
    /** Name and description in other languages; the dashboard falls back to the English ones. */
    translations: PlanTranslations;
    includesMailbox: boolean;
  } | null;
  subscription: SubscriptionSummary | null;
  mailbox: MailboxSummary | null;
  /** Client apps the person's plan includes. */
  includedServices: ServiceDto[];
  /** Client apps the person has signed in to, most recent first. */
  connectedApps: ConnectedAppDto[];
}

/** Everything the overview shows besides the person; nothing invented where data is missing. */
export async function accountOverview(
  em: EntityManager,
  config: HubConfig,
  user: { id: string },
): Promise<AccountOverviewDto> {
  // A few indexed reads on the request's own connection: cheaper than holding four connections.
  const plan = await heldPlanOf(em, user.id);
  const subscription = await subscriptionSummaryFor(em, user.id);
  const mailbox = await mailboxSummaryFor(em, config, user.id);
  const connections = await em.find(
    ClientConnection,
    { user: user.id },
    { populate: ['client'], orderBy: { lastSeenAt: 'desc' } },
  );
  return {
    plan: plan
      ? {
          id: plan.id,
          name: plan.name,
          description: plan.description ?? null,
          translations: plan.translations ?? {},
          includesMailbox: plan.mailboxQuotaBytes > 0,
        }
      : null,
    subscription,
    mailbox,
    includedServices: plan ? servicesOf(plan) : [],
    connectedApps: connections.map((connection) => {
      const client = connection.client as ClientEntity;
      return { clientId: client.id, name: client.name, lastSeenAt: connection.lastSeenAt };
    }),
  };
}

function servicesOf(plan: PlanEntity): ServiceDto[] {
  return plan.clients
    .getItems()
    .filter((client) => client.isActive)
    .map((client) => ({
      id: client.id,
      name: client.name,
      description: client.description ?? null,
      launchUrl: client.launchUrl ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
