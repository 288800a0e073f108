import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Session, type SessionEntity, User, type UserEntity } from './entities.ts';

/**
 * The session check runs on every authenticated request, so it is one hand-written query (the
 * columns come from the entity metadata, so it follows the schema) mapped onto managed entities.
 * The ORM's query builder cost several times the database round trip here.
 */
interface LookupSql {
  sql: string;
  sessionColumns: string[];
  userColumns: string[];
}

const cache = new WeakMap<object, LookupSql>();

function columnsOf(em: EntityManager, entity: EntityName<object>): string[] {
  const meta = em.getMetadata().get(entity);
  return meta.props
    .filter((prop) => !prop.lazy && (prop.kind === 'scalar' || prop.kind === 'm:1') && prop.persist !== false)
    .flatMap((prop) => prop.fieldNames);
}

function lookupSql(em: EntityManager): LookupSql {
  const metadata = em.getMetadata();
  let found = cache.get(metadata);
  if (!found) {
    const sessionColumns = columnsOf(em, Session as EntityName<object>);
    const userColumns = columnsOf(em, User as EntityName<object>);
    const select = [
      ...sessionColumns.map((column) => `s."${column}"`),
      ...userColumns.map((column) => `u."${column}" as "u__${column}"`),
    ].join(', ');
    found = {
      sql: `select ${select} from "sessions" s join "users" u on u."id" = s."user_id" where s."token_hash" = ? limit 1`,
      sessionColumns,
      userColumns,
    };
    cache.set(metadata, found);
  }
  return found;
}

export async function loadSessionByHash(
  em: EntityManager,
  tokenHash: Buffer,
): Promise<{ session: SessionEntity; user: UserEntity } | null> {
  const { sql, sessionColumns, userColumns } = lookupSql(em);
  const [row] = await em.getConnection().execute<Record<string, unknown>[]>(sql, [tokenHash]);
  if (!row) return null;
  const userRow: Record<string, unknown> = {};
  for (const column of userColumns) userRow[column] = row[`u__${column}`];
  const sessionRow: Record<string, unknown> = {};
  for (const column of sessionColumns) sessionRow[column] = row[column];
  const user = em.map(User, userRow as never);
  const session = em.map(Session, sessionRow as never);
  return { session, user };
}
