import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127034921_initial } from './20261127034921-initial.ts';
import { Migration20261127035000_directory_rules } from './20261127035000-directory-rules.ts';
import { Migration20261127043259_billing_lifecycle } from './20261127043259-billing-lifecycle.ts';

/** Every migration, in order. `pnpm --filter @accounts/core migration:create <name>` writes a new one. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261127034921_initial', class: Migration20261127034921_initial },
  { name: 'Migration20261127035000_directory_rules', class: Migration20261127035000_directory_rules },
  { name: 'Migration20261127043259_billing_lifecycle', class: Migration20261127043259_billing_lifecycle },
];
