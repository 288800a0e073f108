import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EncryptionKey } from '../config.ts';
import { command, query } from '../db/runner.ts';
import { type Sql, sql } from '../db/sql.ts';
import { open, SealedBoxError, seal } from './sealed-box.ts';

/**
 * A database column holding sealed-box values. The domain that owns the column describes it (its
 * context is that domain's business); `system/reseal.ts` lists them all.
 */
export interface SealedColumn {
  entity: EntityName<object>;
  /** The entity property (a blob) that holds the sealed value. */
  property: string;
  /** The property the sealing context is made from (`id`, or `kid` for signing keys). */
  contextProperty: string;
  context(value: string): string;
}

/** `table.column` of a sealed column, as the schema names it. */
export function sealedColumnName(em: EntityManager, target: SealedColumn): string {
  const meta = em.getMetadata().get(target.entity);
  const property = (meta.properties as Record<string, { fieldNames?: string[] } | undefined>)[
    target.property
  ];
  return `${meta.tableName}.${property?.fieldNames?.[0]}`;
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
const keyIdOf = (column: Sql) =>
  sql`convert_from(substring(${column} from 3 for get_byte(${column}, 1)), 'UTF8')`;

/** The target's table and columns, from the entity metadata. */
function namesOf(em: EntityManager, target: SealedColumn) {
  return {
    table: sql.table(em, target.entity),
    column: sql.column(em, target.entity, target.property),
    context: sql.column(em, target.entity, target.contextProperty),
    id: sql.column(em, target.entity, 'id'),
  };
}

export async function countByKeyId(em: EntityManager, target: SealedColumn): Promise<Record<string, number>> {
  const { table, column } = namesOf(em, target);
  const rows = await query<{ key_id: string; count: number }>(
    em,
    sql`select ${keyIdOf(column)} as key_id, count(*)::int as count
       from ${table} where ${column} is not null group by 1 order by 1`,
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
    name: sealedColumnName(em, target),
    resealed: 0,
    unreadable: 0,
    changedMeanwhile: 0,
    byKeyId: {},
  };
  if (!options.dryRun) {
    const { table, column, context: contextColumn, id } = namesOf(em, target);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await query<{ id: string; context: string; sealed: Buffer }>(
        em,
        sql`select ${id} as id, ${contextColumn} as context, ${column} as sealed from ${table}
          where ${column} is not null and ${keyIdOf(column)} <> ${current.id} and ${id} > ${after}
          order by ${id} limit ${batchSize}`,
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
        const changed = await command(
          em,
          sql`update ${table} set ${column} = ${seal(keys, plaintext, context)}
            where ${id} = ${row.id} and ${column} = ${row.sealed}`,
        );
        if (changed === 1) result.resealed += 1;
        else result.changedMeanwhile += 1;
      }
      if (rows.length < batchSize) break;
      after = rows.at(-1)!.id;
    }
  }
  result.byKeyId = await countByKeyId(em, target);
  return result;
}
