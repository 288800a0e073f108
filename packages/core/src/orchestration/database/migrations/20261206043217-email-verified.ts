import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a person's email is known to be theirs, for client apps (`emailVerified`, the
 * `email_verified` claim). New rows default to false; only self sign-up with a password leaves it
 * so. Existing people are verified when Mozilla accounts confirmed their address (fxa_id), when
 * they are staff, or when staff created them (the `user.create` audit entry); the rest are people
 * who signed up with a password (or, rarely, were created with the CLI) and stay unverified.
 */
export class Migration20261206043217_email_verified extends Migration {
  override name = 'Migration20261206043217_email_verified';

  override up(): void | Promise<void> {
    this.addSql(`alter table "users" add "email_verified" boolean not null default false;`);
    this.addSql(
      `update "users" set "email_verified" = true where "fxa_id" is not null or "is_staff" or "is_superuser" or exists (select 1 from "audit_entries" where "audit_entries"."action" = 'user.create' and "audit_entries"."entity_type" = 'user' and "audit_entries"."entity_id" = "users"."id"::text);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "users" drop column "email_verified";`);
  }
}
