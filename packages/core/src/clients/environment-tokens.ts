import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomToken, sha256 } from '../kernel/crypto/tokens.ts';
import { queryRows } from '../kernel/db/runner.ts';
import { sql, statementsFor } from '../kernel/db/sql.ts';
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
  const head = sql`select e.${environment('id')} as ${alias('id')}, e.${environment('environment')} as ${alias('environment')}, e.${environment('redirectUrl')} as ${alias('redirectUrl')}, c.${client('id')} as ${alias('clientId')}, c.${client('name')} as ${alias('clientName')}, c.${client('isFirstParty')} as ${alias('clientIsFirstParty')} from ${sql.table(em, ClientEnvironment as EntityName<object>)} e join ${sql.table(em, Client as EntityName<object>)} c on c.${client('id')} = e.${environment('client')}`;
  return {
    // The previous token counts only until its expiry.
    authenticate: (tokenHash: Buffer, now: Date) =>
      sql`${head} where (e.${environment('authToken')} = ${tokenHash} or (e.${environment('previousAuthToken')} = ${tokenHash} and e.${environment('previousTokenExpiresAt')} > ${now})) and e.${environment('isActive')} and c.${client('isActive')} limit 1`,
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
  const [row] = await queryRows<Record<string, unknown>>(
    em,
    statements(em).authenticate(sha256(token), new Date()),
  );
  if (!row) throw refused();
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
