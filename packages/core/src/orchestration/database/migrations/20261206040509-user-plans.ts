import { Migration } from '@mikro-orm/migrations';

/**
 * The plan a person holds moves from users.plan_id to billing's own table, user_plans, so
 * identity's table knows nothing of billing. This is the expand step (docs/deploy.md, "Releasing"):
 * the old column stays for processes of the previous release, which read it in their session
 * check and write it when they apply entitlements while the release rolls out. Two triggers keep
 * both shapes equal whichever release writes; neither fires for its own echo (pg_trigger_depth).
 * The contract step, a release later, is 20261206130000-drop-users-plan-id.
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
    // The previous release writes users.plan_id: mirror it into user_plans.
    this.addSql(`create function "users_users_plan_to_user_plans_fn"() returns trigger as $$ begin
  if pg_trigger_depth() > 1 then return new; end if;
  if new.plan_id is null then
    delete from user_plans where user_id = new.id;
  else
    insert into user_plans (user_id, plan_id) values (new.id, new.plan_id)
      on conflict (user_id) do update set plan_id = excluded.plan_id, updated_at = now();
  end if;
  return new; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "users_plan_to_user_plans" after update of "plan_id" on "users" for each row when (old.plan_id is distinct from new.plan_id) execute function "users_users_plan_to_user_plans_fn"();`,
    );
    // This release writes user_plans: mirror it into users.plan_id for the previous release's reads.
    this.addSql(`create function "user_plans_user_plans_to_users_plan_fn"() returns trigger as $$ begin
  if pg_trigger_depth() > 1 then return null; end if;
  if tg_op = 'DELETE' then
    update users set plan_id = null where id = old.user_id;
  else
    update users set plan_id = new.plan_id where id = new.user_id;
  end if;
  return null; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "user_plans_to_users_plan" after insert or update or delete on "user_plans" for each row execute function "user_plans_user_plans_to_users_plan_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "user_plans_to_users_plan" on "user_plans";`);
    this.addSql(`drop function if exists "user_plans_user_plans_to_users_plan_fn"();`);
    this.addSql(`drop trigger if exists "users_plan_to_user_plans" on "users";`);
    this.addSql(`drop function if exists "users_users_plan_to_user_plans_fn"();`);
    this.addSql(`drop table if exists "user_plans" cascade;`);
  }
}
