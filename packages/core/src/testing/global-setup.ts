// Vitest global setup: one PostgreSQL server per test run (DATABASE_URL's, else an embedded one)
// and one migrated template database; every test file then clones its own database from it.
// Projects of one run (apps/api's fast-path and stock-trpc) share the server and the template.
//
// The files' databases are dropped here, at the end of the run, all at once, not one by one as
// each file ends: DROP DATABASE waits for a checkpoint, seconds each on a server with fsync on
// (this machine's, CI's), and concurrent drops share their checkpoints (3 drops: 13.8 s one
// after another, 2.2 s together; docs/testing.md). The run's databases share a prefix, so the
// teardown finds exactly its own on a server other runs use at the same time.
import { randomBytes } from 'node:crypto';
import { adminQuery, startEmbeddedPostgres, withDatabase } from '@accounts/devkit/postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../orchestration/database/migrate.ts';
import './provided-context.ts';

interface Run {
  postgresUrl: string;
  templateDatabase: string;
  databasePrefix: string;
  stop(): Promise<void>;
}

// On globalThis: every project loads this file as a module of its own.
const state = globalThis as { accountsTestRun?: { run: Promise<Run>; users: number } };

async function startRun(): Promise<Run> {
  const external = process.env.DATABASE_URL;
  const server = external ? null : await startEmbeddedPostgres({ persistent: false });
  const postgresUrl = withDatabase(external ?? server!.url, 'postgres');
  const id = randomBytes(5).toString('hex');
  const templateDatabase = `accounts_test_tpl_${id}`;
  const databasePrefix = `accounts_test_${id}_`;
  await adminQuery(postgresUrl, `CREATE DATABASE ${templateDatabase}`);
  // Its clones set it again (settings are not copied): no waiting for the disk on commit.
  await adminQuery(postgresUrl, `ALTER DATABASE ${templateDatabase} SET synchronous_commit = off`);
  await migrateDatabase(withDatabase(postgresUrl, templateDatabase), { silent: true });
  return {
    postgresUrl,
    templateDatabase,
    databasePrefix,
    async stop() {
      const { rows } = await adminQuery(
        postgresUrl,
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [databasePrefix],
      );
      await Promise.all(
        rows.map(({ datname }: { datname: string }) =>
          adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`),
        ),
      );
      await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
      await server?.stop();
    },
  };
}

export default async function setup(project: TestProject) {
  state.accountsTestRun ??= { run: startRun(), users: 0 };
  const shared = state.accountsTestRun;
  shared.users += 1;
  const run = await shared.run;
  project.provide('postgresUrl', run.postgresUrl);
  project.provide('templateDatabase', run.templateDatabase);
  project.provide('databasePrefix', run.databasePrefix);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    state.accountsTestRun = undefined;
    await run.stop();
  };
}
