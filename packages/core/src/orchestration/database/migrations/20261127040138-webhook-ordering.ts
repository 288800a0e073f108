import { Migration } from '@mikro-orm/migrations';

export class Migration20261127040138_webhook_ordering extends Migration {
  override name = 'Migration20261127040138_webhook_ordering';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox_events" add "audience_client_ids" jsonb null;`);
    this.addSql(
      `create index "webhook_deliveries_webhook_id_user_id_status_index" on "webhook_deliveries" ("webhook_id", "user_id", "status");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "webhook_deliveries_webhook_id_user_id_status_index";`);
    this.addSql(`alter table "outbox_events" drop column "audience_client_ids";`);
  }
}
