import { Migration } from '@mikro-orm/migrations';

/**
 * A plan's name and description in other languages than English (`{ "de": { "name", "description" } }`),
 * edited by staff; people see their language's text, else the English one. Null for plans without.
 */
export class Migration20261206074528_plan_translations extends Migration {
  override name = 'Migration20261206074528_plan_translations';

  override up(): void | Promise<void> {
    this.addSql(`alter table "plans" add "translations" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "plans" drop column "translations";`);
  }
}
