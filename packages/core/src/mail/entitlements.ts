import type { EntityManager } from '@mikro-orm/postgresql';
import { decideEntitlements, type MailEntitlements } from '../billing/index.ts';
import type { HubConfig } from '../kernel/config.ts';
import {
  CustomDomain,
  DirectoryAccount,
  type DirectoryAccountEntity,
  DirectoryDomain,
  Mailbox,
  type MailboxEntity,
} from './entities.ts';
import { emitMailboxUpdated } from './events.ts';

export type MailboxState = MailEntitlements['mailbox'];

/**
 * The person's mail entitlements for what they may do now: billing's one decision
 * (decideEntitlements) from their subscriptions — the same value billing hands
 * applyMailEntitlements, so a limit checked here, a staff repair and a Paddle event never
 * disagree. A retired plan still counts for the people who hold it; a lapsed plan gives the
 * lapsed state (receive-only or inactive) and its size; a plan without mailbox storage, none.
 */
export async function mailEntitlementsOf(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<MailEntitlements | null> {
  return (await decideEntitlements(em, config, userId)).mail;
}

/** The state a mailbox is in: staff suspension wins over the plan; no plan means inactive. */
export function effectiveState(mailbox: MailboxEntity, entitlements: MailEntitlements | null): MailboxState {
  if (mailbox.suspendedAt) return 'inactive';
  return entitlements?.mailbox ?? 'inactive';
}

/**
 * How each state reads in the directory:
 * - active: delivery and sign-in (accounts.active, accounts.login_allowed);
 * - receive-only: delivery goes on, the login/secrets queries we ship return no secret, so app
 *   passwords stop working and nothing can be sent through us;
 * - inactive: accounts.active = false: Stalwart neither delivers nor lets anyone sign in.
 * Nothing is deleted in any state; the quota follows staff's override, else the plan, else stays.
 */
export function applyStateToAccount(
  account: DirectoryAccountEntity,
  mailbox: MailboxEntity,
  state: MailboxState,
  entitlements: MailEntitlements | null,
): void {
  account.active = state !== 'inactive';
  account.loginAllowed = state === 'active';
  const quota = mailbox.quotaOverride ?? entitlements?.quotaBytes;
  if (quota !== undefined && quota !== null) account.quota = quota;
}

/**
 * Billing calls this whenever a person's plan changes (null: no plan). Idempotent; it changes the
 * mailbox, if the person has one, and the directory rows Stalwart reads, and emits
 * `mailbox.updated` when the state changed. It does not flush: the caller commits it with its own
 * change. A person without a mailbox keeps none: the address is theirs to choose.
 */
export async function applyMailEntitlements(
  em: EntityManager,
  _config: HubConfig,
  userId: string,
  entitlements: MailEntitlements | null,
): Promise<void> {
  const mailbox = await em.findOne(Mailbox, { user: userId });
  if (!mailbox) return;
  const state = effectiveState(mailbox, entitlements);
  const account = await em.findOne(DirectoryAccount, { name: mailbox.accountName });
  if (account) applyStateToAccount(account, mailbox, state, entitlements);
  if (mailbox.state !== state) {
    mailbox.state = state;
    emitMailboxUpdated(em, mailbox);
  }
}

/**
 * Account deletion: removes every mail row of the person — the Stalwart account with its addresses,
 * app passwords and group memberships (foreign keys cascade), the domains only they verified, the
 * mailbox link and their domain claims. Runs in the caller's transaction.
 */
export async function deleteMailData(em: EntityManager, userId: string): Promise<void> {
  const mailbox = await em.findOne(Mailbox, { user: userId });
  const verified = await em.find(CustomDomain, { user: userId, verifiedAt: { $ne: null } });
  if (verified.length > 0) {
    await em.nativeDelete(DirectoryDomain, { name: { $in: verified.map((claim) => claim.domain) } });
  }
  if (mailbox) await em.nativeDelete(DirectoryAccount, { name: mailbox.accountName });
  await em.nativeDelete(CustomDomain, { user: userId });
  await em.nativeDelete(Mailbox, { user: userId });
}
