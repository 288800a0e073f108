import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { Session, type SessionEntity, User, type UserEntity } from './entities.ts';

/**
 * The signed-in person as every authenticated request sees them: plain values read by the session
 * check, not a managed entity. Code that changes the person loads the entity itself.
 */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  readonly displayName: string | null;
  readonly avatarUrl: string | null;
  readonly language: string;
  readonly timezone: string;
  readonly fxaId: string | null;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly isActive: boolean;
  readonly dateJoined: Date;
  readonly lastLogin: Date | null;
  readonly planId: string | null;
}

/** The session behind the request's cookie, as read by the session check. */
export interface SessionInfo {
  readonly id: string;
  readonly userId: string;
  readonly method: 'fxa' | 'password';
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly absoluteExpiresAt: Date;
}

/**
 * The session check runs on every authenticated request, so it is one hand-written query mapped
 * straight to the two plain objects above. Mapping the row onto managed entities (identity map,
 * change-tracking snapshot) cost more than the rest of an authenticated `me.get` together.
 * Column names come from the entity metadata, so a renamed column follows the schema.
 *
 * The queries go straight to the connection's `pg` pool with bound parameters, as a raw pg
 * service would send them: MikroORM's `execute` would inline the token hash into the SQL text
 * (an escape per request, a different statement text every time), and its Kysely client adds a
 * connection provider and result copies around the same `pool.query`. The pool carries MikroORM's
 * type parsers, so rows read the same either way; neither path joins an EntityManager transaction.
 */
const USER_PROPS = [
  'id',
  'email',
  'username',
  'displayName',
  'avatarUrl',
  'language',
  'timezone',
  'fxaId',
  'isStaff',
  'isSuperuser',
  'isActive',
  'dateJoined',
  'lastLogin',
  'plan',
] as const satisfies readonly (keyof UserEntity)[];
const SESSION_PROPS = [
  'id',
  'user',
  'method',
  'createdAt',
  'lastSeenAt',
  'expiresAt',
  'absoluteExpiresAt',
] as const satisfies readonly (keyof SessionEntity)[];

interface LookupSql {
  select: string;
  touch: string;
}

const cache = new WeakMap<object, LookupSql>();
const pools = new WeakMap<object, Pool | Promise<Pool>>();

/** The connection's pool, known synchronously after the first request. */
function poolOf(em: EntityManager): Pool | Promise<Pool> {
  const connection = em.getConnection();
  let pool = pools.get(connection);
  if (!pool) {
    pool = connection.getNativeClient().then((found) => {
      pools.set(connection, found);
      return found;
    });
    pools.set(connection, pool);
  }
  return pool;
}

function columnOf(em: EntityManager, entity: EntityName<object>, property: string): string {
  const properties: Record<string, { fieldNames: string[] } | undefined> = em
    .getMetadata()
    .get(entity).properties;
  const column = properties[property]?.fieldNames[0];
  if (!column) throw new Error(`session lookup: ${property} has no column`);
  return column;
}

function lookupSql(em: EntityManager): LookupSql {
  const metadata = em.getMetadata();
  let found = cache.get(metadata);
  if (!found) {
    const user = (property: string) => columnOf(em, User as EntityName<object>, property);
    const session = (property: string) => columnOf(em, Session as EntityName<object>, property);
    const select = [
      ...SESSION_PROPS.map((property) => `s."${session(property)}" as "s_${property}"`),
      ...USER_PROPS.map((property) => `u."${user(property)}" as "u_${property}"`),
    ].join(', ');
    found = {
      select: `select ${select} from "sessions" s join "users" u on u."${user('id')}" = s."${session('user')}" where s."${session('tokenHash')}" = $1 limit 1`,
      touch: `update "sessions" set "${session('lastSeenAt')}" = $1, "${session('expiresAt')}" = $2, "${session('updatedAt')}" = $1 where "${session('id')}" = $3`,
    };
    cache.set(metadata, found);
  }
  return found;
}

export async function loadSessionByHash(
  em: EntityManager,
  tokenHash: Buffer,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  const [row] = (await (await poolOf(em)).query<Record<string, unknown>>(lookupSql(em).select, [tokenHash]))
    .rows;
  if (!row) return null;
  // The driver hands timestamps over as text; the platform parses them as the ORM would.
  const platform = em.getPlatform();
  const date = (value: unknown) => platform.parseDate(value as string);
  const user: SessionUser = {
    id: row.u_id as string,
    email: row.u_email as string,
    username: row.u_username as string,
    displayName: row.u_displayName as string | null,
    avatarUrl: row.u_avatarUrl as string | null,
    language: row.u_language as string,
    timezone: row.u_timezone as string,
    fxaId: row.u_fxaId as string | null,
    isStaff: row.u_isStaff as boolean,
    isSuperuser: row.u_isSuperuser as boolean,
    isActive: row.u_isActive as boolean,
    dateJoined: date(row.u_dateJoined),
    lastLogin: row.u_lastLogin === null ? null : date(row.u_lastLogin),
    planId: row.u_plan as string | null,
  };
  const session: SessionInfo = {
    id: row.s_id as string,
    userId: row.s_user as string,
    method: row.s_method as SessionInfo['method'],
    createdAt: date(row.s_createdAt),
    lastSeenAt: date(row.s_lastSeenAt),
    expiresAt: date(row.s_expiresAt),
    absoluteExpiresAt: date(row.s_absoluteExpiresAt),
  };
  return { session, user };
}

/** Records use of a session: last seen now, idle expiry pushed to `expiresAt`. */
export async function touchSession(
  em: EntityManager,
  sessionId: string,
  lastSeenAt: Date,
  expiresAt: Date,
): Promise<void> {
  await (await poolOf(em)).query(lookupSql(em).touch, [lastSeenAt, expiresAt, sessionId]);
}
