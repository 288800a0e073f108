import { Migration } from '@mikro-orm/migrations';

export class Migration20261127043259_billing_lifecycle extends Migration {
  override name = 'Migration20261127043259_billing_lifecycle';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "paddle_events" add "order_key" varchar(255) not null default '', add "entity_status" varchar(255) null, add "subscription_paddle_id" varchar(255) null;`,
    );
    this.addSql(
      `create index "paddle_events_subscription_paddle_id_index" on "paddle_events" ("subscription_paddle_id");`,
    );
    this.addSql(
      `create index "paddle_events_entity_id_order_key_index" on "paddle_events" ("entity_id", "order_key");`,
    );

    this.addSql(`alter table "customers" add "last_event_key" varchar(255) null;`);

    this.addSql(
      `alter table "subscriptions" add "last_event_key" varchar(255) null, add "grace_started_at" timestamptz null, add "transaction_id" varchar(255) null, add "announced_state" jsonb null;`,
    );
    this.addSql(`create index "subscriptions_transaction_id_index" on "subscriptions" ("transaction_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "customers" drop column "last_event_key";`);

    this.addSql(`drop index "paddle_events_subscription_paddle_id_index";`);
    this.addSql(`drop index "paddle_events_entity_id_order_key_index";`);
    this.addSql(
      `alter table "paddle_events" drop column "order_key", drop column "entity_status", drop column "subscription_paddle_id";`,
    );

    this.addSql(`drop index "subscriptions_transaction_id_index";`);
    this.addSql(
      `alter table "subscriptions" drop column "last_event_key", drop column "grace_started_at", drop column "transaction_id", drop column "announced_state";`,
    );
  }
}
