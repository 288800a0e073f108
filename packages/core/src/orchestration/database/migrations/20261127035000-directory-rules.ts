import { Migration } from '@mikro-orm/migrations';

/** Foreign keys between directory tables are on Stalwart's name columns, not our uuid keys. */
export const DIRECTORY_FOREIGN_KEYS = [
  ['emails', 'name', 'emails_account_foreign'],
  ['group_members', 'name', 'group_members_account_foreign'],
  ['group_members', 'member_of', 'group_members_group_foreign'],
  ['app_passwords', 'name', 'app_passwords_account_foreign'],
] as const;

/**
 * Referential integrity inside Stalwart's directory: rows of an account follow its name when it is
 * renamed and go with it when it is deleted. Entity metadata cannot express keys on a non-primary
 * column, so these are written by hand (schema.test.ts knows about them).
 */
export class Migration20261127035000_directory_rules extends Migration {
  override name = 'Migration20261127035000_directory_rules';

  override up(): void {
    for (const [table, column, name] of DIRECTORY_FOREIGN_KEYS) {
      this.addSql(
        `alter table "directory"."${table}" add constraint "${name}" foreign key ("${column}") references "directory"."accounts" ("name") on update cascade on delete cascade;`,
      );
    }
  }
}
