/**
 * The `data` of every webhook event, by type: the contract with client apps (CONTRACTS.md,
 * "Webhooks > Events"). Emitters check their data against it with `satisfies`, and
 * `@accounts/client` publishes a copy generated from it (`WebhookEvent`).
 */

/**
 * What client apps learn about a person: `clientAuth.exchange`'s `user` and `clientAuth.profile`;
 * with `isActive`, the directory's answer and the `user` of user.* events.
 */
export interface ClientUserProfile {
  id: string;
  email: string;
  /**
   * Whether the hub has reason to believe the person controls `email`: true when Mozilla accounts
   * confirmed it, or staff or an operator created the account with it; false for a self sign-up
   * with a password (AUTH_SCHEME=password, SIGNUP_MODE open or allow-list): the hub sends no
   * confirmation mail yet, so anyone could have typed that address.
   */
  emailVerified: boolean;
  username: string;
  displayName: string | null;
  avatarUrl: string | null;
  language: string;
  timezone: string;
}

/** The `user` object of user.created / user.updated events (CONTRACTS.md, "Webhooks > Events"). */
export interface UserEventUser extends ClientUserProfile {
  /** False while staff have deactivated the account (it cannot sign in). */
  isActive: boolean;
}

/** A person's subscription as client apps see it. */
export interface SubscriptionEventSubscription {
  id: string;
  /** Paddle's status: active, trialing, past_due, paused, canceled. */
  status: string;
  planId: string | null;
  planName: string | null;
  /** ISO 8601, or null when Paddle gave none. */
  currentPeriodEnd: string | null;
}

/** What a person's plan allows (the same object `entitlements.forUser` answers with). */
export interface SubscriptionEventEntitlements {
  active: boolean;
  planId: string | null;
  planName: string | null;
  mailbox: 'active' | 'receive-only' | 'inactive' | 'none';
  mailboxQuotaBytes: number;
  maxAliases: number;
  maxAppPasswords: number;
  maxCustomDomains: number;
  /** Client apps the plan unlocks. */
  clientIds: string[];
}

export interface SubscriptionEventData {
  user: { id: string };
  /** The subscription that governs the plan; null when the person has none left. */
  subscription: SubscriptionEventSubscription | null;
  entitlements: SubscriptionEventEntitlements;
}

export interface HubEventData {
  'user.created': { user: UserEventUser };
  'user.updated': { user: UserEventUser };
  'user.deleted': { user: { id: string } };
  'session.revoked': { user: { id: string }; sessionId: string };
  'subscription.activated': SubscriptionEventData;
  'subscription.updated': SubscriptionEventData;
  'subscription.deactivated': SubscriptionEventData;
  'mailbox.updated': {
    user: { id: string };
    mailbox: { address: string; state: 'active' | 'receive-only' | 'inactive' };
  };
  /** Sent by staff from the deliveries page to one webhook; never fanned out. */
  'webhook.test': { webhook: { id: string; name: string }; requestedBy: string };
}
