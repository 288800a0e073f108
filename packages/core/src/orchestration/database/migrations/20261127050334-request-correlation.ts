import { Migration } from '@mikro-orm/migrations';

export class Migration20261127050334_request_correlation extends Migration {
  override name = 'Migration20261127050334_request_correlation';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox_events" add "request_id" varchar(255) null;`);

    this.addSql(`alter table "paddle_events" add "request_id" varchar(255) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "outbox_events" drop column "request_id";`);

    this.addSql(`alter table "paddle_events" drop column "request_id";`);
  }
}
