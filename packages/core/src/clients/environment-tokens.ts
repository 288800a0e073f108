import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type SessionState, sessionStateOf, sessionStateQuery } from '../identity/index.ts';
import { randomToken, sha256 } from '../kernel/crypto/tokens.ts';
import { queryPreparedRows } from '../kernel/db/runner.ts';
import { type Sql, sql, statementsFor } from '../kernel/db/sql.ts';
import { HubError } from '../kernel/errors.ts';
import { Client, ClientEnvironment } from './entities.ts';

/** Recognisable by secret scanners; the rest is 256 random bits. */
export const ENVIRONMENT_TOKEN_PREFIX = 'acc_env_';

export function generateEnvironmentToken(): { token: string; hash: Buffer; hint: string } {
  const token = randomToken(32, ENVIRONMENT_TOKEN_PREFIX);
  return { token, hash: sha256(token), hint: token.slice(0, ENVIRONMENT_TOKEN_PREFIX.length + 4) };
}

/** The client app behind an authenticated environment token. */
export interface AuthenticatedClient {
  readonly id: string;
  readonly name: string;
  readonly isFirstParty: boolean;
}

/**
 * The environment a client app's server authenticated as (`ctx.environment`), read as plain values
 * on every server-to-server call, not a managed entity: code that changes the environment loads it.
 */
export interface AuthenticatedEnvironment {
  readonly id: string;
  /** dev | stage | prod, or another short name. */
  readonly environment: string;
  readonly redirectUrl: string;
  readonly client: AuthenticatedClient;
}

// One query on plain values (db/sql.ts, on the pool: db/runner.ts): the ORM's query building and
// hydration of the environment and its client were most of the cost of a `clientAuth.verify`.
// Every fragment is built once per ORM (statementsFor): only the values change per call.
const statements = statementsFor((em) => {
  const environment = (property: string) => sql.column(em, ClientEnvironment as EntityName<object>, property);
  const client = (property: string) => sql.column(em, Client as EntityName<object>, property);
  const alias = sql.identifiers([
    'id',
    'environment',
    'redirectUrl',
    'clientId',
    'clientName',
    'clientIsFirstParty',
  ]);
  const columns = sql`e.${environment('id')} as ${alias('id')}, e.${environment('environment')} as ${alias('environment')}, e.${environment('redirectUrl')} as ${alias('redirectUrl')}, c.${client('id')} as ${alias('clientId')}, c.${client('name')} as ${alias('clientName')}, c.${client('isFirstParty')} as ${alias('clientIsFirstParty')}`;
  const from = sql`${sql.table(em, ClientEnvironment as EntityName<object>)} e join ${sql.table(em, Client as EntityName<object>)} c on c.${client('id')} = e.${environment('client')}`;
  const [authToken, previousAuthToken, previousTokenExpiresAt] = [
    environment('authToken'),
    environment('previousAuthToken'),
    environment('previousTokenExpiresAt'),
  ];
  const active = sql`e.${environment('isActive')} and c.${client('isActive')}`;
  // The previous token counts only until its expiry.
  const matches = (tokenHash: Buffer, now: Date) =>
    sql`(e.${authToken} = ${tokenHash} or (e.${previousAuthToken} = ${tokenHash} and e.${previousTokenExpiresAt} > ${now})) and ${active}`;
  return {
    authenticate: (tokenHash: Buffer, now: Date) =>
      sql`select ${columns} from ${from} where ${matches(tokenHash, now)} limit 1`,
    // The same, plus whatever `state` (a subquery of at most one row) finds, in its own columns.
    authenticateWith: (tokenHash: Buffer, now: Date, state: Sql) =>
      sql`select ${columns}, st.* from ${from} left join lateral (${state}) st on true where ${matches(tokenHash, now)} limit 1`,
  };
});

const refused = () => new HubError('UNAUTHENTICATED', 'This environment token is not valid.');

/**
 * The active environment of an active client app a server-to-server token belongs to, checked on
 * every request and never cached, so deactivation and rotation take effect on the very next call.
 * Only the token's SHA-256 is stored and looked up, so nothing secret is compared in JavaScript.
 */
export async function authenticateClientToken(
  em: EntityManager,
  token: string,
): Promise<AuthenticatedEnvironment> {
  if (!token.startsWith(ENVIRONMENT_TOKEN_PREFIX) || token.length > 128) throw refused();
  const [row] = await queryPreparedRows<Record<string, unknown>>(
    em,
    statements(em).authenticate(sha256(token), new Date()),
  );
  if (!row) throw refused();
  return environmentOf(row);
}

/**
 * `authenticateClientToken` and the state of one hub session in the same statement, one round trip
 * (decision 0064): the online check of an access token, which needs both on every call. Nothing is
 * cached, so deactivation, rotation and a session's end still show on the very next call.
 */
export async function authenticateClientTokenWithSession(
  em: EntityManager,
  token: string,
  session: { sessionId: string; userId: string },
): Promise<{ environment: AuthenticatedEnvironment; session: SessionState | null }> {
  if (!token.startsWith(ENVIRONMENT_TOKEN_PREFIX) || token.length > 128) throw refused();
  const state = sessionStateQuery(em, session.sessionId, session.userId);
  const [row] = await queryPreparedRows<Record<string, unknown>>(
    em,
    statements(em).authenticateWith(sha256(token), new Date(), state),
  );
  if (!row) throw refused();
  return { environment: environmentOf(row), session: sessionStateOf(em, row) };
}

function environmentOf(row: Record<string, unknown>): AuthenticatedEnvironment {
  return {
    id: row.id as string,
    environment: row.environment as string,
    redirectUrl: row.redirectUrl as string,
    client: {
      id: row.clientId as string,
      name: row.clientName as string,
      isFirstParty: row.clientIsFirstParty as boolean,
    },
  };
}
