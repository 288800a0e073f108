import { Migration } from '@mikro-orm/migrations';

export class Migration20261127072804_entitlement_refreshes extends Migration {
  override name = 'Migration20261127072804_entitlement_refreshes';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "entitlement_refreshes" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "reason" varchar(255) null, "attempts" int not null default 0, "retry_at" timestamptz not null default now(), "last_error" text null, primary key ("id"));`,
    );
    this.addSql(`create index "entitlement_refreshes_user_id_index" on "entitlement_refreshes" ("user_id");`);
    this.addSql(
      `create index "entitlement_refreshes_retry_at_index" on "entitlement_refreshes" ("retry_at");`,
    );

    this.addSql(
      `alter table "entitlement_refreshes" add constraint "entitlement_refreshes_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "entitlement_refreshes" cascade;`);
  }
}
