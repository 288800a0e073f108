// devkit's `dev:banner` task: once the API answers /readyz and the dashboard's dev server answers,
// prints what to open and how to sign in — the last thing `turbo dev` says when all is up.
import { join } from 'node:path';
import { loadDevEnv } from '../src/dev-env.ts';

loadDevEnv(join(import.meta.dirname, '../../..'), { writeKey: false });
const env = process.env;
const apiHost = !env.HOST || env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST;
const probes = [
  `http://${apiHost}:${env.PORT ?? 3000}/readyz`,
  `http://127.0.0.1:${env.DASHBOARD_PORT ?? 5173}/`,
];
const answers = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
};
while (!(await Promise.all(probes.map(answers))).every(Boolean)) {
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const signIn =
  env.AUTH_SCHEME === 'fxa'
    ? `through the Mozilla Accounts stand-in (${new URL(env.FXA_DISCOVERY_URL ?? 'http://127.0.0.1:3100').origin}):
             any email works; staff@example.test is the seeded staff user (AUTH_SCHEME=fxa)`
    : 'staff@example.test / dev-password (AUTH_SCHEME=password)';
console.log(`
  Dashboard  ${env.PUBLIC_URL}   (sign in at ${env.PUBLIC_URL}/sign-in)
  API        http://${env.HOST}:${env.PORT}  (/healthz, /readyz, /trpc, /.well-known/jwks.json)
  Sign in    ${signIn}
  Staff CLI  pnpm accounts user:create --email you@example.test --staff${
    env.SMTP_URL?.startsWith('smtp://127.0.0.1')
      ? `\n  Mail       what the hub sends: http://127.0.0.1:${env.SMTP_STAND_IN_WEB_PORT ?? 3300} (SMTP stand-in)`
      : ''
  }
`);
