import { Migration } from '@mikro-orm/migrations';

/**
 * The plan a person holds moves from users.plan_id to billing's own table, so identity's table
 * knows nothing of billing. Rows are copied before the column goes. The old column is dropped in
 * the same release: API instances of the previous release read it in their session check, so
 * stop them before migrating (docs/deploy.md, "Upgrading").
 */
export class Migration20261206040509_user_plans extends Migration {
  override name = 'Migration20261206040509_user_plans';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "user_plans" ("id" uuid not null default gen_random_uuid(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "plan_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(`alter table "user_plans" add constraint "user_plans_user_id_unique" unique ("user_id");`);
    this.addSql(`create index "user_plans_plan_id_index" on "user_plans" ("plan_id");`);
    this.addSql(
      `alter table "user_plans" add constraint "user_plans_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "user_plans" add constraint "user_plans_plan_id_foreign" foreign key ("plan_id") references "plans" ("id") on delete cascade;`,
    );
    this.addSql(
      `insert into "user_plans" ("user_id", "plan_id") select "id", "plan_id" from "users" where "plan_id" is not null;`,
    );
    this.addSql(`alter table "users" drop constraint "users_plan_id_foreign";`);
    this.addSql(`alter table "users" drop column "plan_id";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "users" add "plan_id" uuid null;`);
    this.addSql(
      `alter table "users" add constraint "users_plan_id_foreign" foreign key ("plan_id") references "plans" ("id") on update no action on delete set null;`,
    );
    this.addSql(
      `update "users" set "plan_id" = "user_plans"."plan_id" from "user_plans" where "user_plans"."user_id" = "users"."id";`,
    );
    this.addSql(`drop table if exists "user_plans" cascade;`);
  }
}
