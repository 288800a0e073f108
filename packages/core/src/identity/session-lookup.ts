import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseTimestamp, queryPreparedRows, queryRows } from '../kernel/db/runner.ts';
import { type Sql, sql, statementsFor } from '../kernel/db/sql.ts';
import { Session, type SessionEntity, User, type UserEntity } from './entities.ts';

/**
 * The signed-in person as every authenticated request sees them: plain values read by the session
 * check, not a managed entity. Code that changes the person loads the entity itself.
 */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly username: string;
  readonly displayName: string | null;
  readonly displayNameEditedAt: Date | null;
  readonly avatarUrl: string | null;
  readonly language: string;
  readonly timezone: string;
  readonly fxaId: string | null;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly isActive: boolean;
  readonly dateJoined: Date;
  readonly lastLogin: Date | null;
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
 * The session check runs on every authenticated request, so it is one hand-written query (db/sql.ts,
 * straight on the pool: db/runner.ts `queryRows`) mapped to the two plain objects above. Mapping
 * the row onto managed entities (identity map, change-tracking snapshot) cost more than the rest
 * of an authenticated `me.get` together.
 */
const USER_PROPS = [
  'id',
  'email',
  'emailVerified',
  'username',
  'displayName',
  'displayNameEditedAt',
  'avatarUrl',
  'language',
  'timezone',
  'fxaId',
  'isStaff',
  'isSuperuser',
  'isActive',
  'dateJoined',
  'lastLogin',
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

const ALIASES = [
  ...SESSION_PROPS.map((property) => `s_${property}` as const),
  ...USER_PROPS.map((property) => `u_${property}` as const),
  'expiresAt',
  'absoluteExpiresAt',
  'userIsActive',
] as const;

// Every column and fragment is built once per ORM (statementsFor): only the values change per call.
const statements = statementsFor((em) => {
  const user = (property: string) => sql.column(em, User as EntityName<object>, property);
  const session = (property: string) => sql.column(em, Session as EntityName<object>, property);
  const alias = sql.identifiers(ALIASES);
  const sessions = sql.table(em, Session as EntityName<object>);
  const select = sql.join([
    ...SESSION_PROPS.map((property) => sql`s.${session(property)} as ${alias(`s_${property}`)}`),
    ...USER_PROPS.map((property) => sql`u.${user(property)} as ${alias(`u_${property}`)}`),
  ]);
  const joined = sql`${sessions} s join ${sql.table(em, User as EntityName<object>)} u on u.${user('id')} = s.${session('user')}`;
  const [sessionId, sessionUser, tokenHashColumn] = [session('id'), session('user'), session('tokenHash')];
  const [lastSeenAtColumn, expiresAtColumn, updatedAtColumn] = [
    session('lastSeenAt'),
    session('expiresAt'),
    session('updatedAt'),
  ];
  const stateColumns = sql`s.${expiresAtColumn} as ${alias('expiresAt')}, s.${session('absoluteExpiresAt')} as ${alias('absoluteExpiresAt')}, u.${user('isActive')} as ${alias('userIsActive')}`;
  return {
    select: (tokenHash: Buffer) =>
      sql`select ${select} from ${joined} where s.${tokenHashColumn} = ${tokenHash} limit 1`,
    touch: (id: string, lastSeenAt: Date, expiresAt: Date) =>
      sql`update ${sessions} set ${lastSeenAtColumn} = ${lastSeenAt}, ${expiresAtColumn} = ${expiresAt}, ${updatedAtColumn} = ${lastSeenAt} where ${sessionId} = ${id}`,
    state: (id: string, userId: string) =>
      sql`select ${stateColumns} from ${joined} where s.${sessionId} = ${id} and s.${sessionUser} = ${userId}`,
  };
});

export async function loadSessionByHash(
  em: EntityManager,
  tokenHash: Buffer,
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
  const [row] = await queryPreparedRows<Record<string, unknown>>(em, statements(em).select(tokenHash));
  if (!row) return null;
  const platform = em.getPlatform();
  const date = (value: unknown) => platform.parseDate(value as string);
  const user: SessionUser = {
    id: row.u_id as string,
    email: row.u_email as string,
    emailVerified: row.u_emailVerified as boolean,
    username: row.u_username as string,
    displayName: row.u_displayName as string | null,
    displayNameEditedAt: row.u_displayNameEditedAt === null ? null : date(row.u_displayNameEditedAt),
    avatarUrl: row.u_avatarUrl as string | null,
    language: row.u_language as string,
    timezone: row.u_timezone as string,
    fxaId: row.u_fxaId as string | null,
    isStaff: row.u_isStaff as boolean,
    isSuperuser: row.u_isSuperuser as boolean,
    isActive: row.u_isActive as boolean,
    dateJoined: date(row.u_dateJoined),
    lastLogin: row.u_lastLogin === null ? null : date(row.u_lastLogin),
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
  await queryRows(em, statements(em).touch(sessionId, lastSeenAt, expiresAt));
}

/** What decides whether a session is still alive (`sessionAlive`), read as plain values. */
export interface SessionState {
  readonly expiresAt: Date;
  readonly absoluteExpiresAt: Date;
  readonly userIsActive: boolean;
}

/**
 * The state of one person's session by id, for the online check of a client app's access token;
 * null when the session is gone (ended sessions are deleted) or belongs to someone else.
 */
export async function loadSessionState(
  em: EntityManager,
  sessionId: string,
  userId: string,
): Promise<SessionState | null> {
  const [row] = await queryPreparedRows<Record<string, unknown>>(em, statements(em).state(sessionId, userId));
  return row ? sessionStateOf(em, row) : null;
}

/**
 * The statement of `loadSessionState` as a fragment, for a statement of a domain above that reads
 * the session's state in the same round trip as its own row (as a lateral subquery whose columns
 * it selects whole); `sessionStateOf` reads them back from that row.
 */
export function sessionStateQuery(em: EntityManager, sessionId: string, userId: string): Sql {
  return statements(em).state(sessionId, userId);
}

/** The session state in a row holding `sessionStateQuery`'s columns; null when it found no session. */
export function sessionStateOf(em: EntityManager, row: Record<string, unknown>): SessionState | null {
  if (row.expiresAt === null || row.expiresAt === undefined) return null;
  return {
    expiresAt: parseTimestamp(em, row.expiresAt),
    absoluteExpiresAt: parseTimestamp(em, row.absoluteExpiresAt),
    userIsActive: row.userIsActive as boolean,
  };
}
