import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127034921_initial } from './20261127034921-initial.ts';
import { Migration20261127035000_directory_rules } from './20261127035000-directory-rules.ts';
import { Migration20261127040138_webhook_ordering } from './20261127040138-webhook-ordering.ts';
import { Migration20261127040202_mail_login_allowed } from './20261127040202-mail-login-allowed.ts';
import { Migration20261127041458_mail_quota_override } from './20261127041458-mail-quota-override.ts';
import { Migration20261127043259_billing_lifecycle } from './20261127043259-billing-lifecycle.ts';
import { Migration20261127050334_request_correlation } from './20261127050334-request-correlation.ts';
import { Migration20261127071949_mail_secret_formats } from './20261127071949-mail-secret-formats.ts';
import { Migration20261127072804_entitlement_refreshes } from './20261127072804-entitlement-refreshes.ts';
import { Migration20261127073947_paddle_event_claims } from './20261127073947-paddle-event-claims.ts';
import { Migration20261127074109_client_launch_url } from './20261127074109-client-launch-url.ts';
import { Migration20261127080855_outbox_user_order } from './20261127080855-outbox-user-order.ts';
import { Migration20261127110000_delivery_event_sequence } from './20261127110000-delivery-event-sequence.ts';
import { Migration20261206040509_user_plans } from './20261206040509-user-plans.ts';
import { Migration20261206043217_email_verified } from './20261206043217-email-verified.ts';
import { Migration20261206071045_outgoing_mail } from './20261206071045-outgoing-mail.ts';
import { Migration20261206071205_account_activity } from './20261206071205-account-activity.ts';
import { Migration20261206073106_display_name_owner } from './20261206073106-display-name-owner.ts';
import { Migration20261206074528_plan_translations } from './20261206074528-plan-translations.ts';
import { Migration20261206130000_drop_users_plan_id } from './20261206130000-drop-users-plan-id.ts';

/** Every migration, in order. `pnpm --filter @accounts/core migration:create <name>` writes a new one. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127034921_initial', class: Migration20261127034921_initial },
  { name: 'Migration20261127035000_directory_rules', class: Migration20261127035000_directory_rules },
  { name: 'Migration20261127040138_webhook_ordering', class: Migration20261127040138_webhook_ordering },
  { name: 'Migration20261127040202_mail_login_allowed', class: Migration20261127040202_mail_login_allowed },
  { name: 'Migration20261127041458_mail_quota_override', class: Migration20261127041458_mail_quota_override },
  { name: 'Migration20261127043259_billing_lifecycle', class: Migration20261127043259_billing_lifecycle },
  { name: 'Migration20261127050334_request_correlation', class: Migration20261127050334_request_correlation },
  { name: 'Migration20261127071949_mail_secret_formats', class: Migration20261127071949_mail_secret_formats },
  {
    name: 'Migration20261127072804_entitlement_refreshes',
    class: Migration20261127072804_entitlement_refreshes,
  },
  { name: 'Migration20261127073947_paddle_event_claims', class: Migration20261127073947_paddle_event_claims },
  { name: 'Migration20261127074109_client_launch_url', class: Migration20261127074109_client_launch_url },
  { name: 'Migration20261127080855_outbox_user_order', class: Migration20261127080855_outbox_user_order },
  {
    name: 'Migration20261127110000_delivery_event_sequence',
    class: Migration20261127110000_delivery_event_sequence,
  },
  { name: 'Migration20261206040509_user_plans', class: Migration20261206040509_user_plans },
  { name: 'Migration20261206043217_email_verified', class: Migration20261206043217_email_verified },
  { name: 'Migration20261206071045_outgoing_mail', class: Migration20261206071045_outgoing_mail },
  { name: 'Migration20261206071205_account_activity', class: Migration20261206071205_account_activity },
  { name: 'Migration20261206073106_display_name_owner', class: Migration20261206073106_display_name_owner },
  { name: 'Migration20261206074528_plan_translations', class: Migration20261206074528_plan_translations },
  { name: 'Migration20261206130000_drop_users_plan_id', class: Migration20261206130000_drop_users_plan_id },
];
