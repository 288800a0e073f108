import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * Hand-written SQL for the checks that run on every request (the session check, a client app's
 * environment token, the session behind an access token): one query read into plain values.
 * Building a query through the ORM and hydrating managed entities from its rows costs several
 * times the rest of such a request. Table and column names come from the entity metadata, so a
 * renamed column follows the schema.
 */
type Properties = Record<string, { fieldNames: string[] } | undefined>;

export function tableOf(em: EntityManager, entity: EntityName<object>): string {
  return em.getMetadata().get(entity).tableName;
}

export function columnOf(em: EntityManager, entity: EntityName<object>, property: string): string {
  const meta = em.getMetadata().get(entity);
  const column = (meta.properties as Properties)[property]?.fieldNames[0];
  if (!column) throw new Error(`lean sql: ${meta.className}.${property} has no column`);
  return column;
}

/** Builds a module's statements once per ORM instance (the metadata is the ORM's). */
export function statementsFor<T>(build: (em: EntityManager) => T): (em: EntityManager) => T {
  const cache = new WeakMap<object, T>();
  return (em) => {
    const metadata = em.getMetadata();
    let found = cache.get(metadata);
    if (!found) {
      found = build(em);
      cache.set(metadata, found);
    }
    return found;
  };
}

/**
 * Runs one statement with bound parameters on the connection's Kysely client. MikroORM's `execute`
 * would inline the parameters into the SQL text, which costs an escape per value per request and
 * hands PostgreSQL a different statement text every time. Asks the EntityManager only for its
 * connection, so a request's lazy fork (context.ts) is not made for it.
 */
export async function queryRows<Row>(em: EntityManager, sql: string, parameters: unknown[]): Promise<Row[]> {
  const query = CompiledQuery.raw(sql, parameters);
  return (await em.getConnection().getClient().executeQuery<Row>(query)).rows;
}

/** The driver hands timestamps over as text; the platform parses them as the ORM would. */
export function parseTimestamp(em: EntityManager, value: unknown): Date {
  return em.getPlatform().parseDate(value as string);
}
