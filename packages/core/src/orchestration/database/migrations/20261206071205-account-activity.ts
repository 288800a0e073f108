import { Migration } from '@mikro-orm/migrations';

/**
 * The account's own history: audit entries keep the browser or app a change came from
 * (user_agent) and, for changes no person made, the outside system behind them (via: mozilla,
 * paddle). Subscriptions remember that their holder deleted their account (account_deleted_at),
 * so staff see them as such instead of as a payment bound to nobody.
 */
export class Migration20261206071205_account_activity extends Migration {
  override name = 'Migration20261206071205_account_activity';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_entries" add "user_agent" text null, add "via" varchar(255) null;`);
    this.addSql(`alter table "subscriptions" add "account_deleted_at" timestamptz null;`);
    // Subscriptions already left by a deletion: unbound, and the audit log has their holder's deletion.
    this.addSql(
      `update "subscriptions" set "account_deleted_at" = "audit_entries"."created_at", "binding_problem" = null from "audit_entries" where "subscriptions"."user_id" is null and coalesce("subscriptions"."binding_problem", 'unknown-user') = 'unknown-user' and "audit_entries"."action" = 'user.deleted' and "audit_entries"."entity_id" = "subscriptions"."custom_data"->>'hubUserId';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "subscriptions" drop column "account_deleted_at";`);
    this.addSql(`alter table "audit_entries" drop column "user_agent", drop column "via";`);
  }
}
