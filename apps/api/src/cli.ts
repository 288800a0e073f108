import { parseArgs } from 'node:util';
import { migrateDatabase } from '@accounts/core/db/migrate';
import { seedDevData } from '@accounts/core/db/seed';
import { HubError } from '@accounts/core/errors';
import { ensureMailDomains } from '@accounts/core/mail/mailbox';
import { grantStalwartRole } from '@accounts/core/mail/stalwart-role';
import { loadEnv } from './env.ts';
import { openHub } from './runtime.ts';

const USAGE = `usage: pnpm accounts <command> [options]

commands:
  db:migrate                     apply pending migrations
  db:seed                        add dev data (staff user, plans, demo client); idempotent
  stalwart:grant [--role NAME]   create or update the read-only role Stalwart reads the directory
                                 with (default: stalwart; password: STALWART_DB_PASSWORD) and
                                 list MAIL_DOMAINS in directory.domains; idempotent
`;

const [command, ...rest] = process.argv.slice(2);
const env = loadEnv();

switch (command) {
  case 'db:migrate': {
    const applied = await migrateDatabase(env.databaseUrl);
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
    break;
  }
  case 'db:seed': {
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
  default:
    console.error(USAGE);
    process.exit(command ? 2 : 0);
}
