// Vitest global setup: one PostgreSQL server per test run (DATABASE_URL's, else an embedded one)
// and one migrated template database; every test file then clones its own database from it.
import { randomBytes } from 'node:crypto';
import { adminQuery, startEmbeddedPostgres, withDatabase } from '@accounts/devkit/postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../orchestration/database/migrate.ts';
import './provided-context.ts';

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL;
  const server = external ? null : await startEmbeddedPostgres({ persistent: false });
  const postgresUrl = withDatabase(external ?? server!.url, 'postgres');
  const templateDatabase = `accounts_test_tpl_${randomBytes(5).toString('hex')}`;
  await adminQuery(postgresUrl, `CREATE DATABASE ${templateDatabase}`);
  await migrateDatabase(withDatabase(postgresUrl, templateDatabase), { silent: true });
  project.provide('postgresUrl', postgresUrl);
  project.provide('templateDatabase', templateDatabase);
  return async () => {
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
    await server?.stop();
  };
}
