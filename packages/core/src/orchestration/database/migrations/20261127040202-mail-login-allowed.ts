import { Migration } from '@mikro-orm/migrations';

/**
 * Receive-only mailboxes (a column Stalwart's default queries never read, see docs/stalwart.md) and
 * staff suspension of a person's mailbox.
 */
export class Migration20261127040202_mail_login_allowed extends Migration {
  override name = 'Migration20261127040202_mail_login_allowed';

  override up(): void {
    this.addSql(`alter table "directory"."accounts" add "login_allowed" boolean not null default true;`);
    this.addSql(`alter table "mailboxes" add "suspended_at" timestamptz null;`);
  }

  override down(): void {
    this.addSql(`alter table "directory"."accounts" drop column "login_allowed";`);
    this.addSql(`alter table "mailboxes" drop column "suspended_at";`);
  }
}
