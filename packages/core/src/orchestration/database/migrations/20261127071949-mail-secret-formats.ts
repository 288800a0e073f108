import { Migration } from '@mikro-orm/migrations';

/**
 * Secrets Stalwart would compare as plain text ({PLAIN}x, $x, an app password without an argon2id
 * hash) are refused: the old checks only looked at the first character.
 */
export class Migration20261127071949_mail_secret_formats extends Migration {
  override name = 'Migration20261127071949_mail_secret_formats';

  override up(): void | Promise<void> {
    this.addSql(`alter table "directory"."accounts" drop constraint "accounts_secret_check";`);
    this.addSql(
      `alter table "directory"."accounts" add constraint "accounts_secret_check" check (secret ~ '^([$]argon2(id|i|d)[$]v=[0-9]+[$]|[$]pbkdf2(-sha(1|256|512))?[$]|[$]scrypt[$]|[$]2[aby][$][0-9]{2}[$]|[$][56][$]|[{]SSHA(256|512)?[}]).+$');`,
    );

    this.addSql(`alter table "directory"."app_passwords" drop constraint "app_passwords_secret_check";`);
    this.addSql(
      `alter table "directory"."app_passwords" add constraint "app_passwords_secret_check" check (secret ~ '^[$]app[$][^$]+[$][$]argon2id[$]v=[0-9]+[$]m=[0-9]+,t=[0-9]+,p=[0-9]+[$][A-Za-z0-9+/]+[$][A-Za-z0-9+/]+$');`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "directory"."accounts" drop constraint "accounts_secret_check";`);
    this.addSql(
      `alter table "directory"."accounts" add constraint "accounts_secret_check" check (secret ~ '^[$\\{]'::text);`,
    );

    this.addSql(`alter table "directory"."app_passwords" drop constraint "app_passwords_secret_check";`);
    this.addSql(
      `alter table "directory"."app_passwords" add constraint "app_passwords_secret_check" check (secret ~ '^[$]app[$][^$]+[$][$]'::text);`,
    );
  }
}
