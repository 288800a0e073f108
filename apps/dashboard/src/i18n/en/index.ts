// The English catalogue: the fallback, shipped in the first bundle. Each area keeps its keys in
// its own file (prefix = area); add the file here and its German twin in ../de/index.ts.
import { activity } from './activity.ts';
import { common } from './common.ts';
import { labels } from './labels.ts';
import { mail } from './mail.ts';
import { outgoingMail } from './outgoing-mail.ts';
import { overview } from './overview.ts';
import { privacy } from './privacy.ts';
import { profile } from './profile.ts';
import { reasons } from './reasons.ts';
import { security } from './security.ts';
import { signIn } from './sign-in.ts';
import { staffAccounts } from './staff-accounts.ts';
import { staffAllowList } from './staff-allow-list.ts';
import { staffAudit } from './staff-audit.ts';
import { staffBilling } from './staff-billing.ts';
import { staffClients } from './staff-clients.ts';
import { staffMail } from './staff-mail.ts';
import { staffPlans } from './staff-plans.ts';
import { staffUsers } from './staff-users.ts';
import { staffWebhooks } from './staff-webhooks.ts';
import { subscription } from './subscription.ts';

export const en = {
  ...common,
  ...activity,
  ...overview,
  ...profile,
  ...privacy,
  ...staffUsers,
  ...mail,
  ...staffMail,
  ...staffClients,
  ...staffWebhooks,
  ...staffAudit,
  ...staffAllowList,
  ...subscription,
  ...staffBilling,
  ...staffPlans,
  ...signIn,
  ...security,
  ...staffAccounts,
  ...reasons,
  ...outgoingMail,
  ...labels,
};

export type MessageKey = keyof typeof en;
/** A complete catalogue: every language must have every key (the type checker enforces it). */
export type Catalogue = Record<MessageKey, string>;
