import { Migration } from '@mikro-orm/migrations';

/**
 * The contract step of 20261206040509-user-plans (decision 0053): no running process reads or
 * writes users.plan_id any more (the release that moved the plan to user_plans, and the one after
 * it, read user_plans only), so the column, its key and the two triggers that kept both shapes
 * equal go. Triggers first: one of them writes the column.
 */
/**
 * Refuses to run on a database that skipped the expand's release: if migrations ran there before
 * (rows older than this transaction) but the expand was not among them, processes still reading
 * users.plan_id may be serving, and pending migrations apply in one transaction (0009) — so the
 * expand and this drop would land together under them. A fresh database passes.
 */
export const EXPAND_RELEASE_FIRST = `do $$ begin
  if exists (select 1 from mikro_orm_migrations where executed_at < now())
     and not exists (select 1 from mikro_orm_migrations
                      where name = 'Migration20261206040509_user_plans' and executed_at < now()) then
    raise exception 'Deploy the release that added user_plans first: processes older than it read users.plan_id, which this migration drops.';
  end if;
end $$;`;

export class Migration20261206130000_drop_users_plan_id extends Migration {
  override name = 'Migration20261206130000_drop_users_plan_id';

  override up(): void | Promise<void> {
    this.addSql(EXPAND_RELEASE_FIRST);
    this.addSql(`drop trigger if exists "users_plan_to_user_plans" on "users";`);
    this.addSql(`drop function if exists "users_users_plan_to_user_plans_fn"();`);
    this.addSql(`drop trigger if exists "user_plans_to_users_plan" on "user_plans";`);
    this.addSql(`drop function if exists "user_plans_user_plans_to_users_plan_fn"();`);
    this.addSql(`alter table "users" drop constraint if exists "users_plan_id_foreign";`);
    this.addSql(`alter table "users" drop column if exists "plan_id";`);
  }
}
