import { Migration } from '@mikro-orm/migrations';

/** Per-person commit order of outbox events: the trigger declared on OutboxEvent (clients/entities.ts). */
export class Migration20261127080855_outbox_user_order extends Migration {
  override name = 'Migration20261127080855_outbox_user_order';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "outbox_events_outbox_events_user_order_fn"() returns trigger as $$ begin if new.user_id is not null then
    perform pg_advisory_xact_lock(hashtextextended('user:' || new.user_id::text, 0));     new.sequence := nextval(pg_get_serial_sequence('outbox_events', 'sequence'));   end if;   return new; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "outbox_events_user_order" BEFORE INSERT on "outbox_events" for each ROW execute function "outbox_events_outbox_events_user_order_fn"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "outbox_events_user_order" on "outbox_events";`);
    this.addSql(`drop function if exists "outbox_events_outbox_events_user_order_fn"();`);
  }
}
