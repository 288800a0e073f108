import { Migration } from '@mikro-orm/migrations';

/**
 * Deliveries carry their event's sequence, indexed with their status: claiming walks the pending
 * ones in event order and stops after a batch, instead of walking every event ever sent.
 *
 * Workers of the previous release keep dispatching while this one rolls out, and they insert
 * deliveries without the column: a trigger fills it from the event, so NOT NULL holds for them too.
 */
export class Migration20261127110000_delivery_event_sequence extends Migration {
  override name = 'Migration20261127110000_delivery_event_sequence';

  override up(): void | Promise<void> {
    this.addSql(`alter table "webhook_deliveries" add "event_sequence" bigint null;`);
    this.addSql(`create or replace function "webhook_deliveries_webhook_delivery_event_sequence_fn"() returns trigger as $$ begin if new.event_sequence is null then
    select e.sequence into new.event_sequence from outbox_events e where e.id = new.event_id;
  end if;
  return new; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "webhook_delivery_event_sequence" BEFORE INSERT on "webhook_deliveries" for each ROW execute function "webhook_deliveries_webhook_delivery_event_sequence_fn"();`,
    );
    this.addSql(
      `update "webhook_deliveries" d set "event_sequence" = e."sequence" from "outbox_events" e where e."id" = d."event_id";`,
    );
    this.addSql(`alter table "webhook_deliveries" alter column "event_sequence" set not null;`);
    this.addSql(
      `create index "webhook_deliveries_status_event_sequence_index" on "webhook_deliveries" ("status", "event_sequence");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "webhook_deliveries_status_event_sequence_index";`);
    this.addSql(`drop trigger if exists "webhook_delivery_event_sequence" on "webhook_deliveries";`);
    this.addSql(`drop function if exists "webhook_deliveries_webhook_delivery_event_sequence_fn"();`);
    this.addSql(`alter table "webhook_deliveries" drop column "event_sequence";`);
  }
}
