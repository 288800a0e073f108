import { Migration } from '@mikro-orm/migrations';

export class Migration20261127073947_paddle_event_claims extends Migration {
  override name = 'Migration20261127073947_paddle_event_claims';

  override up(): void | Promise<void> {
    this.addSql(
      `create index "paddle_events_claim_index" on "paddle_events" ("attempts", "order_key") where "status" = 'received';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "paddle_events_claim_index";`);
  }
}
