import type { EntityManager } from '@mikro-orm/postgresql';
import type { EncryptionKey } from '../config.ts';
import { open, SealedBoxError, seal } from './sealed-box.ts';

/**
 * A database column holding sealed-box values. The domain that owns the column describes it (its
 * context is that domain's business); `system/reseal.ts` lists them all.
 */
export interface SealedColumn {
  table: string;
  column: string;
  /** The column the sealing context is made from (`id`, or `kid` for signing keys). */
  contextColumn: string;
  context(value: string): string;
}

export interface ResealedColumn {
  /** `table.column` */
  name: string;
  /** Values moved to the current key by this run. */
  resealed: number;
  /** Values on another key that no configured key opens (key removed, or not theirs): left alone. */
  unreadable: number;
  /** Values that changed between reading and writing (the app wrote a new one): left alone. */
  changedMeanwhile: number;
  /** Values per key id once the run is over. */
  byKeyId: Record<string, number>;
}

/** The key id inside a sealed value (`version | id length | id | …`), in SQL. */
const keyIdSql = (column: string) =>
  `convert_from(substring(${column} from 3 for get_byte(${column}, 1)), 'UTF8')`;

export async function countByKeyId(em: EntityManager, target: SealedColumn): Promise<Record<string, number>> {
  const rows = await em.execute<{ key_id: string; count: number }[]>(
    `select ${keyIdSql(target.column)} as key_id, count(*)::int as count
       from ${target.table} where ${target.column} is not null group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.key_id, row.count]));
}

/**
 * Re-seals every value of the column that is not under the current key (the first configured),
 * in batches by id. Safe while the app runs: no long transaction, and each value is replaced only
 * if it is still the one that was read (compare-and-set), so a value the app wrote meanwhile —
 * already under the current key — is never overwritten with an older one. Idempotent: values
 * already under the current key are not touched, so a second run does nothing.
 */
export async function resealColumn(
  em: EntityManager,
  keys: readonly EncryptionKey[],
  target: SealedColumn,
  options: { batchSize?: number; dryRun?: boolean } = {},
): Promise<ResealedColumn> {
  const current = keys[0];
  if (!current) throw new Error('no encryption key configured');
  const batchSize = options.batchSize ?? 200;
  const result: ResealedColumn = {
    name: `${target.table}.${target.column}`,
    resealed: 0,
    unreadable: 0,
    changedMeanwhile: 0,
    byKeyId: {},
  };
  if (!options.dryRun) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await em.execute<{ id: string; context: string; sealed: Buffer }[]>(
        `select id, ${target.contextColumn} as context, ${target.column} as sealed from ${target.table}
          where ${target.column} is not null and ${keyIdSql(target.column)} <> ? and id > ?
          order by id limit ?`,
        [current.id, after, batchSize],
      );
      for (const row of rows) {
        const context = target.context(row.context);
        let plaintext: Buffer;
        try {
          plaintext = open(keys, row.sealed, context);
        } catch (error) {
          if (!(error instanceof SealedBoxError)) throw error;
          result.unreadable += 1;
          continue;
        }
        const outcome = await em.execute<{ affectedRows: number }>(
          `update ${target.table} set ${target.column} = ? where id = ? and ${target.column} = ?`,
          [seal(keys, plaintext, context), row.id, row.sealed],
          'run',
        );
        if (outcome.affectedRows === 1) result.resealed += 1;
        else result.changedMeanwhile += 1;
      }
      if (rows.length < batchSize) break;
      after = rows.at(-1)!.id;
    }
  }
  result.byKeyId = await countByKeyId(em, target);
  return result;
}
