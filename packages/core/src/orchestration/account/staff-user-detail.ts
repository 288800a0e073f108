import type { EntityManager } from '@mikro-orm/postgresql';
import { getUserIdentity, type StaffUserIdentityDto } from '../../identity/index.ts';
import type { HubConfig } from '../../kernel/config.ts';
import {
  type MailboxSummary,
  mailboxSummaryFor,
  type SubscriptionSummary,
  subscriptionSummaryFor,
} from './linked-services.ts';

export interface StaffUserDetailDto extends StaffUserIdentityDto {
  subscription: SubscriptionSummary | null;
  mailbox: MailboxSummary | null;
}

/** A person as staff see them: identity's part, then their subscription and mailbox. */
export async function getUserDetail(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<StaffUserDetailDto> {
  const identity = await getUserIdentity(em, userId);
  return {
    user: identity.user,
    sessions: identity.sessions,
    subscription: await subscriptionSummaryFor(em, userId),
    mailbox: await mailboxSummaryFor(em, config, userId),
    recentAudit: identity.recentAudit,
  };
}
