// `pnpm paddle:simulate <event> --user <email> …`: the dev settings (.env.example, then .env, then
// the shell, as `pnpm dev` loads them) and the dev database, then the API CLI's paddle:simulate.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadDevEnv } from '@accounts/devkit/dev-env';

const root = join(import.meta.dirname, '..');
// Without DATABASE_URL this is the embedded dev database `pnpm dev` runs.
loadDevEnv(root);

const result = spawnSync(
  process.execPath,
  ['apps/api/src/cli.ts', 'paddle:simulate', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
