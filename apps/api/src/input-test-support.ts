// What the input tests (text-input.test.ts, fuzz.test.ts) share: callers for each kind of
// tRPC caller over the real app, and a fingerprint of everything the database holds.
import { Client, ClientEnvironment, generateEnvironmentToken } from '@accounts/core/clients';
import { createSession, sessionCookieName, User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import type { createApp } from './app.ts';

export type App = ReturnType<typeof createApp>;

/** Who calls: a session cookie (a person or staff), an environment token (a client server), or nobody. */
export interface Caller {
  cookie?: string;
  bearer?: string;
  origin?: string;
}

export interface TrpcAnswer {
  status: number;
  text: string;
  /** The error's data, when the answer is one tRPC error. */
  error?: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null };
}

/** A cookie for a new session of the user, with our own Origin (mutations need it). */
export async function signedIn(hub: Hub, userId: string): Promise<Caller> {
  const em = hub.orm.em.fork();
  const user = await em.findOneOrFail(User, { id: userId });
  const { token } = await createSession(em, hub.config, user, {
    ip: null,
    userAgent: 'test',
    method: 'password',
  });
  return {
    cookie: `${sessionCookieName(hub.config)}=${token}`,
    origin: new URL(hub.config.publicUrl).origin,
  };
}

/** A client app with one environment, and its server's token. */
export async function clientServer(hub: Hub, name: string): Promise<Caller & { environmentId: string }> {
  const em = hub.orm.em.fork();
  const client = em.create(Client, { name });
  const token = generateEnvironmentToken();
  const environment = em.create(ClientEnvironment, {
    client,
    environment: 'prod',
    redirectUrl: 'https://app.example.test/callback',
    authToken: token.hash,
    tokenHint: token.hint,
  });
  await em.flush();
  return { bearer: token.token, environmentId: environment.id };
}

/**
 * One tRPC call over the app, as a browser or client server sends it: a query's input in the URL,
 * a mutation's in a POST body. `raw` sends the body text as given (not JSON), for malformed input.
 */
export async function trpcCall(
  app: App,
  caller: Caller,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  raw?: string,
): Promise<TrpcAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller.cookie) headers.cookie = caller.cookie;
  if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`;
  if (caller.origin) headers.origin = caller.origin;
  const body = raw ?? (input === undefined ? undefined : JSON.stringify({ json: input }));
  const response =
    kind === 'query'
      ? await app.request(`/trpc/${path}${body === undefined ? '' : `?input=${encodeURIComponent(body)}`}`, {
          headers,
        })
      : await app.request(`/trpc/${path}`, {
          method: 'POST',
          headers,
          ...(body === undefined ? {} : { body }),
        });
  const text = await response.text();
  let error: TrpcAnswer['error'];
  try {
    error = (JSON.parse(text) as { error?: { json?: { data?: TrpcAnswer['error'] } } }).error?.json?.data;
  } catch {
    error = undefined;
  }
  return { status: response.status, text, ...(error ? { error } : {}) };
}

/**
 * Columns that change without anything being written on purpose: a session's sliding expiry
 * moves when it is used, whatever the call then does.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  'public.sessions': ['last_seen_at', 'expires_at', 'updated_at'],
};

let fingerprintSql: string | undefined;

/**
 * One digest per table of every row it holds (public and directory schemas), so comparing two
 * fingerprints says whether anything at all was inserted, changed or deleted in between.
 */
export async function databaseFingerprint(hub: Hub): Promise<Record<string, string>> {
  const connection = hub.orm.em.getConnection();
  if (!fingerprintSql) {
    const columns = (await connection.execute(
      `select table_schema as schema, table_name as name, column_name as column
         from information_schema.columns
        where table_schema in ('public', 'directory') and table_name not like 'mikro_orm_%'
        order by table_schema, table_name, ordinal_position`,
    )) as { schema: string; name: string; column: string }[];
    const tables = new Map<string, string[]>();
    for (const { schema, name, column } of columns) {
      const key = `${schema}.${name}`;
      if (VOLATILE_COLUMNS[key]?.includes(column)) continue;
      tables.set(key, [...(tables.get(key) ?? []), `"${column}"`]);
    }
    fingerprintSql = [...tables]
      .map(([table, cols]) => {
        const [schema, name] = table.split('.');
        const row = `row(${cols.join(', ')})::text`;
        return `select '${table}' as "table", count(*)::int || ':' || coalesce(md5(string_agg(${row}, '|' order by ${row})), '') as digest from "${schema}"."${name}"`;
      })
      .join(' union all ');
  }
  const rows = (await connection.execute(fingerprintSql)) as { table: string; digest: string }[];
  return Object.fromEntries(rows.map((row) => [row.table, row.digest]));
}
