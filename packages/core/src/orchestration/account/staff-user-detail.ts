import type { EntityManager } from '@mikro-orm/postgresql';
import { getUserIdentity, type StaffUserIdentityDto } from '../../identity/index.ts';
import type { HubConfig } from '../../kernel/config.ts';
import { type ActivityEntryDto, accountActivity } from './activity.ts';
import {
  type MailboxSummary,
  mailboxSummaryFor,
  type SubscriptionSummary,
  subscriptionSummaryFor,
} from './linked-services.ts';

export interface StaffUserDetailDto extends StaffUserIdentityDto {
  subscription: SubscriptionSummary | null;
  mailbox: MailboxSummary | null;
  /** The newest changes to the account, as the person's Account activity page shows them (plus who on staff). */
  recentActivity: ActivityEntryDto[];
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
    recentActivity: await accountActivity(em, userId, { forStaff: true, limit: 20 }),
  };
}
