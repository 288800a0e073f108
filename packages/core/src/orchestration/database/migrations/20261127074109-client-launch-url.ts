import { Migration } from '@mikro-orm/migrations';

/** An optional https link to open each client app from the overview. */
export class Migration20261127074109_client_launch_url extends Migration {
  override name = 'Migration20261127074109_client_launch_url';

  override up(): void | Promise<void> {
    this.addSql(`alter table "clients" add "launch_url" text null;`);
    this.addSql(
      `alter table "clients" add constraint "clients_launch_url_check" check (launch_url ~ '^https://');`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "clients" drop constraint "clients_launch_url_check";`);
    this.addSql(`alter table "clients" drop column "launch_url";`);
  }
}
