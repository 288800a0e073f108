// `turbo dev` (devkit's dev task): runs the Mozilla Accounts stand-in on the port of
// FXA_DISCOVERY_URL when that URL points at this machine, with the hub registered as a client.
import { startFxaStandIn } from '../src/fxa-stand-in/index.ts';

const discovery = process.env.FXA_DISCOVERY_URL;
const local = discovery ? new URL(discovery) : null;
if (!local || !['127.0.0.1', 'localhost'].includes(local.hostname) || !local.port) {
  console.log('fxa stand-in: FXA_DISCOVERY_URL is not a local address with a port; not starting');
  process.exit(0);
}
const publicUrl = (process.env.PUBLIC_URL ?? 'http://localhost:5173').replace(/\/+$/, '');
// `pnpm fxa:event` sends account events through this process (it holds the signing key) to the API.
const apiHost = !process.env.HOST || process.env.HOST === '0.0.0.0' ? '127.0.0.1' : process.env.HOST;
const eventsUrl = `http://${apiHost}:${process.env.PORT ?? 3000}/webhooks/mozilla-accounts`;
const standIn = await startFxaStandIn({
  port: Number(local.port),
  host: '127.0.0.1',
  clients: [
    {
      clientId: process.env.FXA_CLIENT_ID ?? 'dev-client',
      clientSecret: process.env.FXA_CLIENT_SECRET || null,
      redirectUris: [`${publicUrl}/auth/callback`],
      name: 'Accounts hub (dev)',
    },
  ],
  eventsUrl,
  log: (line) => console.log(`fxa stand-in: ${line}`),
});
console.log(`fxa stand-in: Mozilla Accounts stand-in at ${standIn.url} (any email signs in)`);

const stop = () => void standIn.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
