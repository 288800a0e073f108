import { parseArgs } from 'node:util';
import { migrateDatabase } from '@accounts/core/db/migrate';
import { seedDevData } from '@accounts/core/db/seed';
import { paddleSimulate } from './commands/paddle-simulate.ts';
import { loadEnv } from './env.ts';
import { openHub } from './runtime.ts';

const USAGE = `usage: pnpm accounts <command> [options]

commands:
  db:migrate                     apply pending migrations
  db:seed                        add dev data (staff user, plans, demo client); idempotent
  paddle:simulate <event> --user <email>
                                 send a signed Paddle notification to the local API (--help)
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
  case 'paddle:simulate': {
    process.exitCode = await paddleSimulate(env, rest);
    break;
  }
  default:
    console.error(USAGE);
    process.exit(command ? 2 : 0);
}
