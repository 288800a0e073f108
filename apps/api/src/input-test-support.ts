// What the input tests (text-input.test.ts, the fuzz tests) share: callers for each kind of tRPC
// caller over the real app, and a log of every row written, to show a refusal wrote nothing.
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
 * Columns that change without anything being written on purpose: `updated_at` alone, and a
 * session's sliding expiry, which moves whenever it is used, whatever the call then does.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  '*': ['updated_at'],
  'public.sessions': ['last_seen_at', 'expires_at'],
};

const watched = new WeakSet<object>();

/**
 * Every row written from now on in the hub's database, recorded by triggers on every table of the
 * public and directory schemas into `test_writes.log` (an update that changes only volatile columns
 * is not a write). Cheaper than comparing contents and it names the tables; idempotent per hub.
 */
export async function watchWrites(hub: Hub): Promise<void> {
  if (watched.has(hub.orm)) return;
  const connection = hub.orm.em.getConnection();
  const tables = (await connection.execute(
    `select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('public', 'directory') and table_type = 'BASE TABLE'
        and table_name not like 'mikro_orm_%'`,
  )) as { schema: string; name: string }[];
  const statements = [
    'create schema if not exists test_writes',
    'create table if not exists test_writes.log (id bigserial primary key, "table" text not null, op text not null)',
    `create or replace function test_writes.record() returns trigger language plpgsql as $$
       begin
         insert into test_writes.log ("table", op) values (tg_table_schema || '.' || tg_table_name, tg_op);
         return null;
       end $$`,
  ];
  for (const { schema, name } of tables) {
    const table = `"${schema}"."${name}"`;
    const volatile = [...VOLATILE_COLUMNS['*']!, ...(VOLATILE_COLUMNS[`${schema}.${name}`] ?? [])]
      .map((column) => ` - '${column}'`)
      .join('');
    statements.push(
      `create trigger test_writes_rows after insert or delete on ${table} for each row execute function test_writes.record()`,
      `create trigger test_writes_updates after update on ${table} for each row
         when ((to_jsonb(old)${volatile}) is distinct from (to_jsonb(new)${volatile}))
         execute function test_writes.record()`,
      `create trigger test_writes_truncate after truncate on ${table} for each statement execute function test_writes.record()`,
    );
  }
  for (const statement of statements) await connection.execute(statement);
  watched.add(hub.orm);
}

/** Where the write log stands now; pass it to `writesSince`. */
export async function writeMark(hub: Hub): Promise<number> {
  const [row] = (await hub.orm.em
    .getConnection()
    .execute('select coalesce(max(id), 0)::int as id from test_writes.log')) as { id: number }[];
  return row!.id;
}

/** The writes since a mark, as `INSERT public.sessions` and so on, in order. */
export async function writesSince(hub: Hub, mark: number): Promise<string[]> {
  return (await writeLogSince(hub, mark)).writes;
}

/** The writes since a mark, and the mark after them (one query where a test checks call after call). */
export async function writeLogSince(hub: Hub, mark: number): Promise<{ writes: string[]; mark: number }> {
  const rows = (await hub.orm.em
    .getConnection()
    .execute('select id, op, "table" from test_writes.log where id > ? order by id', [mark])) as {
    id: string | number;
    op: string;
    table: string;
  }[];
  return { writes: rows.map((row) => `${row.op} ${row.table}`), mark: Number(rows.at(-1)?.id ?? mark) };
}
