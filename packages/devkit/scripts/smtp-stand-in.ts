// `turbo dev` runs this (devkit's dev task): the SMTP stand-in on SMTP_URL's port, receiving the
// hub's own mail; it prints each message's subject and links, and lists them on
// SMTP_STAND_IN_WEB_PORT (default 3300). Stops on SIGTERM/SIGINT.
import { startSmtpStandIn } from '../src/smtp-stand-in/index.ts';

const smtpUrl = process.env.SMTP_URL ? new URL(process.env.SMTP_URL) : null;
if (smtpUrl?.protocol !== 'smtp:' || !['127.0.0.1', 'localhost'].includes(smtpUrl.hostname)) {
  console.log(`smtp stand-in: SMTP_URL is not a local smtp:// address; not starting`);
  process.exit(0);
}
const standIn = await startSmtpStandIn({
  host: '127.0.0.1',
  port: Number(smtpUrl.port || 25),
  webPort: Number(process.env.SMTP_STAND_IN_WEB_PORT || 3300),
  log: (line) => console.log(line),
});
console.log(`smtp stand-in: receiving on ${standIn.smtpUrl}; messages at ${standIn.webUrl}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await standIn.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
