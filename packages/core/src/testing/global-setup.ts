// Vitest global setup: one PostgreSQL server per test run (DATABASE_URL's, else an embedded one)
// and one migrated template database; every test file then clones its own database from it.
//
// The files' databases are dropped here, at the end of the run, all at once, not one by one as
// each file ends: DROP DATABASE waits for a checkpoint, seconds each on a server with fsync on
// (this machine's, CI's), and concurrent drops share their checkpoints (3 drops: 13.8 s one
// after another, 2.2 s together, docs/testing.md). The run's databases share a prefix, so the
// teardown finds exactly its own on a server other runs use at the same time.
import { randomBytes } from 'node:crypto';
import { adminQuery, startEmbeddedPostgres, withDatabase } from '@accounts/devkit/postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../orchestration/database/migrate.ts';
import './provided-context.ts';

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  const server = external ? null : await startEmbeddedPostgres({ persistent: false });
  const postgresUrl = withDatabase(external ?? server!.url, 'postgres');
  const run = randomBytes(5).toString('hex');
  const templateDatabase = `accounts_test_tpl_${run}`;
  const databasePrefix = `accounts_test_${run}_`;
  await adminQuery(postgresUrl, `CREATE DATABASE ${templateDatabase}`);
  await migrateDatabase(withDatabase(postgresUrl, templateDatabase), { silent: true });
  project.provide('postgresUrl', postgresUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('databasePrefix', databasePrefix);
  return async () => {
    const { rows } = await adminQuery(
      postgresUrl,
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [databasePrefix],
    );
    await Promise.all(
      rows.map(({ datname }: { datname: string }) =>
        adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`),
      ),
    );
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
    await server?.stop();
  };
}
