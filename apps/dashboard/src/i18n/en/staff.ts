// The English text of the staff pages: loaded with them (loadStaffMessages in ../index.tsx).
import { outgoingMail } from './outgoing-mail.ts';
import { staffAccounts } from './staff-accounts.ts';
import { staffAllowList } from './staff-allow-list.ts';
import { staffAudit } from './staff-audit.ts';
import { staffBilling } from './staff-billing.ts';
import { staffClients } from './staff-clients.ts';
import { staffMail } from './staff-mail.ts';
import { staffPlans } from './staff-plans.ts';
import { staffUsers } from './staff-users.ts';
import { staffWebhooks } from './staff-webhooks.ts';

export const enStaff = {
  ...staffUsers,
  ...staffMail,
  ...staffClients,
  ...staffWebhooks,
  ...staffAudit,
  ...staffAllowList,
  ...staffBilling,
  ...staffPlans,
  ...staffAccounts,
  ...outgoingMail,
};
