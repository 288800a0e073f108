import { Migration } from '@mikro-orm/migrations';

/**
 * Deliveries carry their event's sequence, indexed with their status: claiming walks the pending
 * ones in event order and stops after a batch, instead of walking every event ever sent.
 */
export class Migration20261127110000_delivery_event_sequence extends Migration {
  override name = 'Migration20261127110000_delivery_event_sequence';

  override up(): void | Promise<void> {
    this.addSql(`alter table "webhook_deliveries" add "event_sequence" bigint null;`);
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
    this.addSql(`alter table "webhook_deliveries" drop column "event_sequence";`);
  }
}
