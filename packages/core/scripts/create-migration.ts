// Writes a migration for the difference between the entities and a fresh database that has every
// existing migration applied. Uses DATABASE_URL's server when set, else an embedded one.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery, startEmbeddedPostgres, withDatabase } from '@accounts/devkit/postgres';
import { MikroORM } from '@mikro-orm/postgresql';
import { DIRECTORY_FOREIGN_KEYS, ormConfig } from '../src/orchestration/index.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: migration:create <kebab-case-name>');
  process.exit(2);
}
const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ persistent: false });
const base = process.env.DATABASE_URL ?? server!.url;
const database = `accounts_migration_${randomBytes(4).toString('hex')}`;
await adminQuery(withDatabase(base, 'postgres'), `CREATE DATABASE ${database}`);
const path = fileURLToPath(new URL('../src/orchestration/database/migrations', import.meta.url));
try {
  const config = ormConfig({ url: withDatabase(base, database) });
  const orm = await MikroORM.init({
    ...config,
    migrations: { ...config.migrations, path, emit: 'ts', fileName: (timestamp) => `${timestamp}-${name}` },
  });
  await orm.migrator.up();
  const result = await orm.migrator.create(path, false, false, name);
  if (result.fileName) {
    // The hand-written foreign keys of the Stalwart directory are invisible to the entity diff,
    // which would otherwise drop them in every new migration.
    const file = join(path, result.fileName);
    const names = DIRECTORY_FOREIGN_KEYS.map(([, , key]) => key);
    const kept = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !names.some((key) => line.includes(`"${key}"`)))
      .join('\n');
    writeFileSync(file, kept);
  }
  console.log(result.fileName ? `wrote ${result.fileName}; add it to migrations/index.ts` : 'no changes');
  await orm.close();
} finally {
  await adminQuery(withDatabase(base, 'postgres'), `DROP DATABASE ${database} WITH (FORCE)`);
  await server?.stop();
}
