// `turbo dev` runs this (devkit's dev task): the Paddle stand-in on PADDLE_API_URL's port, sending
// signed webhooks to the local API the way Paddle would. Stops on SIGTERM/SIGINT.
import { startPaddleStandIn } from '../src/paddle-stand-in/server.ts';

const apiUrl = new URL(process.env.PADDLE_API_URL ?? 'http://127.0.0.1:3200');
const apiPort = process.env.API_PORT ?? process.env.PORT ?? '3000';
if (!['127.0.0.1', 'localhost'].includes(apiUrl.hostname)) {
  console.log(`paddle stand-in: PADDLE_API_URL points at ${apiUrl.host}, not this machine; not starting`);
  process.exit(0);
}
const standIn = await startPaddleStandIn({
  host: '127.0.0.1',
  port: Number(apiUrl.port || 80),
  apiKey: process.env.PADDLE_API_KEY ?? 'dev-api-key',
  webhook: process.env.PADDLE_WEBHOOK_SECRET
    ? { url: `http://127.0.0.1:${apiPort}/webhooks/paddle`, secret: process.env.PADDLE_WEBHOOK_SECRET }
    : null,
  log: (line) => console.log(line),
});
console.log(`paddle stand-in: listening on ${standIn.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await standIn.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
