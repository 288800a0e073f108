import { Migration } from '@mikro-orm/migrations';

/**
 * Who owns a person's display name: null, Mozilla (its sign-ins and profile events keep it); a
 * time, the person, who set it on the profile page then. Existing rows start as Mozilla's: the
 * hub kept no record of earlier edits, and Mozilla's name was what every sign-in wrote anyway.
 */
export class Migration20261206073106_display_name_owner extends Migration {
  override name = 'Migration20261206073106_display_name_owner';

  override up(): void | Promise<void> {
    this.addSql(`alter table "users" add "display_name_edited_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "users" drop column "display_name_edited_at";`);
  }
}
