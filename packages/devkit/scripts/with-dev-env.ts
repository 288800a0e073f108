// `node packages/devkit/scripts/with-dev-env.ts <command> [args…]`: runs a command with the dev
// settings (loadDevEnv: .env.example, .env over it, the shell over both; without DATABASE_URL, the
// embedded dev database). The API's and the dashboard's dev tasks start through it, so every
// process of `turbo dev` reads its settings from the same place. It writes no ENCRYPTION_KEY:
// devkit's `dev:database-ready` does, before any task that needs one starts.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { loadDevEnv } from '../src/dev-env.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-dev-env <command> [args…]');
  process.exit(2);
}
loadDevEnv(join(import.meta.dirname, '../../..'), { writeKey: false });

const child = spawn(command, args, { stdio: 'inherit' });
// Forwarded synchronously: the command decides how to stop, and this process ends when it has.
let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopRequested = true;
    child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`with-dev-env: cannot run ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  // A command ended by the signal it was asked to stop with (Vite has no handler) stopped cleanly.
  if (signal && stopRequested) process.exit(0);
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
});
