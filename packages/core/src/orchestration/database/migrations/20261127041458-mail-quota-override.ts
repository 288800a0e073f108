import { Migration } from '@mikro-orm/migrations';

/** A quota staff give a person's mailbox instead of the plan's. */
export class Migration20261127041458_mail_quota_override extends Migration {
  override name = 'Migration20261127041458_mail_quota_override';

  override up(): void {
    this.addSql(`alter table "mailboxes" add "quota_override" bigint null;`);
  }

  override down(): void {
    this.addSql(`alter table "mailboxes" drop column "quota_override";`);
  }
}
