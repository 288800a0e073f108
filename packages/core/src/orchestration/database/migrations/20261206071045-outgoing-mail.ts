import { Migration } from '@mikro-orm/migrations';

/**
 * The hub's own outgoing mail (kernel/outgoing-mail), and address-confirmation links beside the
 * invitation and reset links of user_tokens (with the address each link was mailed to).
 */
export class Migration20261206071045_outgoing_mail extends Migration {
  override name = 'Migration20261206071045_outgoing_mail';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "outgoing_mail" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" varchar(255) not null, "user_id" uuid null, "recipient" varchar(255) not null, "subject" varchar(255) not null, "body" bytea null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "sent_at" timestamptz null, "request_id" varchar(255) null, primary key ("id"));`,
    );
    this.addSql(`create index "outgoing_mail_user_id_index" on "outgoing_mail" ("user_id");`);
    this.addSql(
      `create index "outgoing_mail_status_next_attempt_at_index" on "outgoing_mail" ("status", "next_attempt_at");`,
    );
    this.addSql(
      `alter table "outgoing_mail" add constraint "outgoing_mail_status_check" check ("status" in ('pending', 'sent', 'failed'));`,
    );
    this.addSql(`alter table "user_tokens" drop constraint "user_tokens_purpose_check";`);
    this.addSql(`alter table "user_tokens" add "email" varchar(255) null;`);
    this.addSql(
      `alter table "user_tokens" add constraint "user_tokens_purpose_check" check ("purpose" in ('invite', 'password-reset', 'email-verification'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "outgoing_mail" cascade;`);
    this.addSql(`delete from "user_tokens" where "purpose" = 'email-verification';`);
    this.addSql(`alter table "user_tokens" drop constraint "user_tokens_purpose_check";`);
    this.addSql(`alter table "user_tokens" drop column "email";`);
    this.addSql(
      `alter table "user_tokens" add constraint "user_tokens_purpose_check" check ("purpose" in ('invite', 'password-reset'));`,
    );
  }
}
