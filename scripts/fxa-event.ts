// `pnpm fxa:event <password-change|profile-change|delete-user> --email <email>`: asks the running
// Mozilla Accounts stand-in (`pnpm dev`; it holds the key the hub trusts through its JWKS) to sign
// a Security Event Token about that account and POST it to the hub's /webhooks/mozilla-accounts,
// as Mozilla would. Settings as `pnpm dev` loads them: .env.example, then .env, then the shell.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDevEnv } from '@accounts/devkit/dev-env';

const USAGE = `usage: pnpm fxa:event <password-change|profile-change|delete-user> --email <email> [options]

Has the local Mozilla Accounts stand-in sign an account event and send it to the hub.
  password-change   changeTime = now: the person's sessions made before now end
  profile-change    the hub re-fetches the profile (--new-email changes the email at the stand-in first)
  delete-user       the person and everything of theirs is deleted

options:
  --email <email>      the account, by its email at the stand-in (required)
  --new-email <email>  profile-change: the account's new email
  --url <url>          the hub's events URL (default: http://127.0.0.1:$PORT/webhooks/mozilla-accounts)
`;

const root = join(import.meta.dirname, '..');
loadDevEnv(root);

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      'new-email': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const event = positionals[0];
if (!event || !['password-change', 'profile-change', 'delete-user'].includes(event) || !values.email) {
  console.error(USAGE);
  process.exit(2);
}

const discovery = process.env.FXA_DISCOVERY_URL;
if (!discovery) {
  console.error('FXA_DISCOVERY_URL is not set: it says where the stand-in runs.');
  process.exit(78);
}
const standIn = new URL(discovery).origin;
const apiHost = !process.env.HOST || process.env.HOST === '0.0.0.0' ? '127.0.0.1' : process.env.HOST;
const url = values.url ?? `http://${apiHost}:${process.env.PORT ?? 3000}/webhooks/mozilla-accounts`;

let response: Response;
try {
  response = await fetch(`${standIn}/__stand-in/account-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      event,
      email: values.email,
      newEmail: values['new-email'],
      clientId: process.env.FXA_CLIENT_ID,
      url,
    }),
    signal: AbortSignal.timeout(15_000),
  });
} catch (error) {
  console.error(`the stand-in at ${standIn} did not answer (is \`pnpm dev\` running?): ${String(error)}`);
  process.exit(1);
}
const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
if (!response.ok || !answer) {
  console.error(`the stand-in refused: HTTP ${response.status} ${answer ? String(answer.message) : ''}`);
  process.exit(1);
}
console.log(
  `sent ${event} for ${values.email} (uid ${String(answer.uid)}, jti ${String(answer.jti)}) to ${url}: the hub answered ${String(answer.status)} ${String(answer.body)}`,
);
process.exit(Number(answer.status) >= 200 && Number(answer.status) < 300 ? 0 : 1);
