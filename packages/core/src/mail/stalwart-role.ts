import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { badInput } from '../kernel/errors.ts';
import { DIRECTORY_SCHEMA } from './entities.ts';

export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802/7677). Sending the verifier instead of
 * the password keeps the password out of the server's statement log.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Creates or updates the role Stalwart signs in with: LOGIN, SELECT on the tables of the
 * `directory` schema and nothing else — no other schema, no writes, no DDL — with `directory` as its
 * search_path (so Stalwart's queries run unchanged) and read-only transactions by default. Default
 * privileges make tables that later migrations add to `directory` readable too. Run it as the
 * owner of the schema (the user migrations run as). Idempotent.
 */
export async function grantStalwartRole(
  em: EntityManager,
  input: { role: string; password: string },
): Promise<string[]> {
  if (!ROLE_NAME.test(input.role)) {
    throw badInput('The role name must be lower-case letters, digits and underscores.', 'role');
  }
  if (input.password.length < 16) throw badInput('The password must be at least 16 characters.', 'password');
  const verifier = scramVerifier(input.password);
  return em.transactional(async (tx) => {
    const [found] = await query<{ database: string; exists: boolean }>(
      tx,
      sql`select current_database() as database, exists (select 1 from pg_roles where rolname = ${input.role}) as exists`,
    );
    // DDL takes no bound parameters, so the role, its verifier and the schema are bound into
    // settings local to this transaction, and the server quotes them into each statement itself
    // (format's %I and %L): no name or secret is ever spliced into SQL text here.
    await query(
      tx,
      sql`select set_config('accounts_hub.stalwart_role', ${input.role}, true),
        set_config('accounts_hub.stalwart_verifier', ${verifier}, true),
        set_config('accounts_hub.stalwart_schema', ${DIRECTORY_SCHEMA}, true)`,
    );
    await query(
      tx,
      sql`do $$
      declare
        r text := current_setting('accounts_hub.stalwart_role');
        v text := current_setting('accounts_hub.stalwart_verifier');
        s text := current_setting('accounts_hub.stalwart_schema');
        attributes constant text := 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS';
      begin
        if exists (select 1 from pg_roles where rolname = r) then
          execute format('alter role %I with %s password %L', r, attributes, v);
        else
          execute format('create role %I with %s password %L', r, attributes, v);
        end if;
        execute format('alter role %I set search_path = %I', r, s);
        execute format('alter role %I set default_transaction_read_only = on', r);
        execute format('grant connect on database %I to %I', current_database(), r);
        -- Whatever an earlier run or a hand may have granted: take back everything but reading.
        execute format('revoke all on all tables in schema public from %I', r);
        execute format('revoke all on schema %I from %I', s, r);
        execute format('revoke all on all tables in schema %I from %I', s, r);
        execute format('revoke all on all sequences in schema %I from %I', s, r);
        execute format('grant usage on schema %I to %I', s, r);
        execute format('grant select on all tables in schema %I to %I', s, r);
        execute format('alter default privileges in schema %I grant select on tables to %I', s, r);
      end $$`,
    );
    return [
      `${found!.exists ? 'updated' : 'created'} role ${input.role}`,
      `search_path = ${DIRECTORY_SCHEMA}`,
      'read-only transactions by default',
      `connect to ${found!.database}`,
      'no tables of public',
      'reset schema privileges',
      'reset table privileges',
      'no sequences',
      `usage on ${DIRECTORY_SCHEMA}`,
      `select on ${DIRECTORY_SCHEMA}.*`,
      `select on future ${DIRECTORY_SCHEMA} tables`,
    ];
  });
}
