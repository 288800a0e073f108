import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
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
  const role = `"${input.role}"`;
  const schema = `"${DIRECTORY_SCHEMA}"`;
  const [database] = await em.execute<{ name: string }[]>('select current_database() as name');
  const done: string[] = [];
  await em.transactional(async (tx) => {
    const exists = await tx.execute<{ n: number }[]>(
      'select count(*)::int as n from pg_roles where rolname = ?',
      [input.role],
    );
    const verifier = scramVerifier(input.password).replaceAll("'", "''");
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS';
    const exec = async (sql: string, note: string) => {
      await tx.execute(sql);
      done.push(note);
    };
    if (exists[0]?.n) {
      await exec(
        `alter role ${role} with ${attributes} password '${verifier}'`,
        `updated role ${input.role}`,
      );
    } else {
      await exec(
        `create role ${role} with ${attributes} password '${verifier}'`,
        `created role ${input.role}`,
      );
    }
    await exec(`alter role ${role} set search_path = ${schema}`, `search_path = ${DIRECTORY_SCHEMA}`);
    await exec(
      `alter role ${role} set default_transaction_read_only = on`,
      'read-only transactions by default',
    );
    await exec(`grant connect on database "${database!.name}" to ${role}`, `connect to ${database!.name}`);
    // Whatever an earlier run or a hand may have granted: take back everything but reading.
    await exec(`revoke all on all tables in schema public from ${role}`, 'no tables of public');
    await exec(`revoke all on schema ${schema} from ${role}`, 'reset schema privileges');
    await exec(`revoke all on all tables in schema ${schema} from ${role}`, 'reset table privileges');
    await exec(`revoke all on all sequences in schema ${schema} from ${role}`, 'no sequences');
    await exec(`grant usage on schema ${schema} to ${role}`, `usage on ${DIRECTORY_SCHEMA}`);
    await exec(
      `grant select on all tables in schema ${schema} to ${role}`,
      `select on ${DIRECTORY_SCHEMA}.*`,
    );
    await exec(
      `alter default privileges in schema ${schema} grant select on tables to ${role}`,
      `select on future ${DIRECTORY_SCHEMA} tables`,
    );
  });
  return done;
}
