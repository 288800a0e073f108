import type { EntityManager } from '@mikro-orm/postgresql';
import { SEALED_WEBHOOK_SECRETS } from '../../clients/index.ts';
import { SEALED_MOZILLA_TOKENS, SEALED_SIGNING_KEYS } from '../../identity/index.ts';
import type { HubConfig } from '../../kernel/config.ts';
import { type ResealedColumn, resealColumn, type SealedColumn } from '../../kernel/crypto/reseal.ts';
import { SEALED_OUTGOING_MAIL } from '../../kernel/outgoing-mail/queue.ts';

/**
 * Every column sealed with ENCRYPTION_KEY. A new sealed column belongs here, or `keys:reseal`
 * would report an old key as removable while something still needs it (reseal.test.ts checks
 * this list against the blob columns of the schema).
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  SEALED_MOZILLA_TOKENS,
  SEALED_SIGNING_KEYS,
  ...SEALED_WEBHOOK_SECRETS,
  SEALED_OUTGOING_MAIL,
];

export interface ResealReport {
  currentKeyId: string;
  columns: ResealedColumn[];
  /** Values still sealed with another key id after the run, per key id. */
  remainingOnOldKeys: Record<string, number>;
}

/**
 * `pnpm accounts keys:reseal`: moves every sealed value to the current (first) key, so the keys
 * behind it can be removed from ENCRYPTION_KEY. `dryRun` only counts.
 */
export async function resealAll(
  em: EntityManager,
  config: HubConfig,
  options: { batchSize?: number; dryRun?: boolean } = {},
): Promise<ResealReport> {
  const currentKeyId = config.encryptionKeys[0]!.id;
  const columns: ResealedColumn[] = [];
  for (const column of SEALED_COLUMNS) {
    columns.push(await resealColumn(em.fork(), config.encryptionKeys, column, options));
  }
  const remainingOnOldKeys: Record<string, number> = {};
  for (const column of columns) {
    for (const [keyId, count] of Object.entries(column.byKeyId)) {
      if (keyId !== currentKeyId) remainingOnOldKeys[keyId] = (remainingOnOldKeys[keyId] ?? 0) + count;
    }
  }
  return { currentKeyId, columns, remainingOnOldKeys };
}
