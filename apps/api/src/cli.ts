import { parseArgs } from 'node:util';
import { createUserFromCli, ROTATION_LEAD_SECONDS, rotateSigningKeys } from '@accounts/core/identity';
import { HubError } from '@accounts/core/kernel';
import { ensureMailDomains, grantStalwartRole } from '@accounts/core/mail';
import { migrateDatabase, resealAll, seedDevData } from '@accounts/core/orchestration';
import { paddleSimulate } from './commands/paddle-simulate.ts';
import { loadDatabaseEnv, loadEnv } from './env.ts';
import { openHub } from './runtime.ts';

const USAGE = `usage: pnpm accounts <command> [options]

commands:
  db:migrate                     apply pending migrations
  db:seed                        add dev data (staff user, plans, demo client); idempotent;
                                 refused under NODE_ENV=production
  stalwart:grant [--role NAME]   create or update the read-only role Stalwart reads the directory
                                 with (default: stalwart; password: STALWART_DB_PASSWORD) and
                                 list MAIL_DOMAINS in directory.domains; idempotent
  user:create --email E [--username U] [--name N] [--staff] [--password P]
                                 create a person (--staff: a staff superuser); under passwords
                                 without --password one is generated and printed once
  keys:rotate [--lead-seconds S] add a signing key for access tokens that starts signing after S
                                 seconds (default: longer than the JWKS cache) and retire the old one
  keys:reseal [--batch-size N] [--check]
                                 re-seal every value sealed with ENCRYPTION_KEY (Mozilla tokens,
                                 webhook secrets, signing keys) with its first key, in batches; safe
                                 while the hub runs, idempotent; --check only counts. Exits 1 while
                                 values remain on other key ids
  paddle:simulate <event> --user <email>
                                 send a signed Paddle notification to the local API (--help)
`;

const [command, ...rest] = process.argv.slice(2);
// Migrations need only the database, so they can run before the rest of the settings exist.
if (command === 'db:migrate') {
  const applied = await migrateDatabase(loadDatabaseEnv().databaseUrl);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
  process.exit(0);
}

const env = loadEnv();

switch (command) {
  case 'db:seed': {
    // The seed makes a superuser with a password anyone can read in this file: never in production.
    if (env.nodeEnv === 'production') {
      console.error(
        'db:seed refused: NODE_ENV is production (or unset). The seed creates a superuser with a known password; ' +
          'it is for development only. Create the first staff user with `pnpm accounts user:create --email … --staff`.',
      );
      process.exit(78);
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        'staff-email': { type: 'string', default: 'staff@example.test' },
        'staff-password': { type: 'string', default: 'dev-password' },
        'demo-redirect-url': { type: 'string', default: 'http://localhost:4000/callback' },
      },
    });
    const hub = await openHub(env);
    try {
      const result = await seedDevData(hub.orm.em.fork(), {
        staffEmail: values['staff-email'],
        staffPassword: values['staff-password'],
        demoRedirectUrl: values['demo-redirect-url'],
      });
      console.log(
        result.created.length ? `seeded: ${result.created.join('; ')}` : 'seed data already present',
      );
      if (result.demoEnvironmentToken) {
        console.log(`demo client dev environment token (shown once): ${result.demoEnvironmentToken}`);
      }
    } finally {
      await hub.orm.close();
    }
    break;
  }
  case 'stalwart:grant': {
    const { values } = parseArgs({ args: rest, options: { role: { type: 'string', default: 'stalwart' } } });
    const password = env.hub.mail.stalwartDbPassword;
    if (!password) {
      console.error('STALWART_DB_PASSWORD is not set: it is the password the role signs in with.');
      process.exit(78);
    }
    const hub = await openHub(env);
    try {
      const em = hub.orm.em.fork();
      const done = await grantStalwartRole(em, { role: values.role, password });
      await ensureMailDomains(em, env.hub);
      console.log(`${done.join('\n')}\ndirectory.domains lists ${env.hub.mail.domains.join(', ')}`);
    } catch (error) {
      if (!(error instanceof HubError)) throw error;
      console.error(error.message);
      process.exitCode = 2;
    } finally {
      await hub.orm.close();
    }
    break;
  }
  case 'user:create': {
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        username: { type: 'string' },
        name: { type: 'string' },
        staff: { type: 'boolean', default: false },
        password: { type: 'string' },
      },
    });
    if (!values.email) {
      console.error('user:create needs --email');
      process.exit(2);
    }
    const hub = await openHub(env);
    try {
      const result = await createUserFromCli(hub.orm.em.fork(), hub.config, {
        email: values.email,
        username: values.username,
        displayName: values.name,
        staff: values.staff,
        password: values.password,
      });
      console.log(
        `created ${result.staff ? 'staff user' : 'user'} ${result.email} (username ${result.username})`,
      );
      if (result.generatedPassword) {
        console.log(`password (shown once, store it now): ${result.generatedPassword}`);
      } else if (hub.config.authScheme === 'fxa') {
        console.log('signs in with Mozilla accounts using this email');
      }
    } catch (error) {
      console.error(`user:create failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    } finally {
      await hub.orm.close();
    }
    break;
  }
  case 'keys:rotate': {
    const { values } = parseArgs({
      args: rest,
      options: { 'lead-seconds': { type: 'string', default: String(ROTATION_LEAD_SECONDS) } },
    });
    const lead = Number(values['lead-seconds']);
    if (!Number.isInteger(lead) || lead < 0) {
      console.error('--lead-seconds must be a whole number of seconds');
      process.exit(2);
    }
    const hub = await openHub(env);
    try {
      const result = await rotateSigningKeys(hub.orm.em.fork(), hub.config, lead);
      console.log(
        `new signing key ${result.kid}: published now, signs from ${result.activatesAt.toISOString()}`,
      );
      for (const retired of result.retired) {
        console.log(
          `key ${retired.kid}: stops signing ${retired.retiresAt.toISOString()}, unpublished after ${retired.expiresAt.toISOString()}`,
        );
      }
    } finally {
      await hub.orm.close();
    }
    break;
  }
  case 'keys:reseal': {
    const { values } = parseArgs({
      args: rest,
      options: {
        'batch-size': { type: 'string', default: '200' },
        check: { type: 'boolean', default: false },
      },
    });
    const batchSize = Number(values['batch-size']);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      console.error('--batch-size must be a whole number from 1 to 10000');
      process.exit(2);
    }
    const hub = await openHub(env);
    try {
      const report = await resealAll(hub.orm.em.fork(), hub.config, { batchSize, dryRun: values.check });
      for (const column of report.columns) {
        const keys = Object.entries(column.byKeyId).map(([id, count]) => `${id}: ${count}`);
        const done = values.check
          ? ''
          : `${column.resealed} re-sealed, ${column.unreadable} unreadable, ${column.changedMeanwhile} changed meanwhile; `;
        console.log(`${column.name}: ${done}by key ${keys.length ? keys.join(', ') : '(none)'}`);
      }
      const remaining = Object.entries(report.remainingOnOldKeys);
      if (remaining.length === 0) {
        console.log(
          `every sealed value uses the current key ${report.currentKeyId}: the other keys can be removed`,
        );
      } else {
        const list = remaining.map(([id, count]) => `${id} (${count})`).join(', ');
        console.log(
          `${remaining.reduce((sum, [, count]) => sum + count, 0)} values remain on old key ids: ${list}`,
        );
        process.exitCode = 1;
      }
    } finally {
      await hub.orm.close();
    }
    break;
  }
  case 'paddle:simulate': {
    process.exitCode = await paddleSimulate(env, rest);
    break;
  }
  default:
    console.error(USAGE);
    process.exit(command ? 2 : 0);
}
