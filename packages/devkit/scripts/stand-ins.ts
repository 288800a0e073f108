// devkit's `dev` task (`turbo dev`): the Mozilla Accounts, Paddle and SMTP stand-ins, each in its
// own process, with the dev settings; signals reach all, and the task ends when all have.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadDevEnv } from '../src/dev-env.ts';

loadDevEnv(join(import.meta.dirname, '../../..'), { writeKey: false });

const children = ['fxa-stand-in.ts', 'paddle-stand-in.ts', 'smtp-stand-in.ts'].map((script) =>
  spawn(process.execPath, [new URL(script, import.meta.url).pathname], { stdio: 'inherit' }),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
await Promise.all(children.map((child) => new Promise((resolve) => child.on('exit', resolve))));
