import type { EntityManager } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import { systemClock } from '../clock.ts';
import type { HubConfig } from '../config.ts';
import { configScopedCache } from '../config-scoped-cache.ts';
import type { Hub, Logger } from '../context.ts';
import { runWithRequestId } from '../correlation.ts';
import { openText } from '../crypto/sealed-box.ts';
import { command, query } from '../db/runner.ts';
import { sql } from '../db/sql.ts';
import type { Job } from '../jobs.ts';
import { hubSendsMail, outgoingMailContext } from './queue.ts';

/**
 * Waits after attempts 1..7 (about 21 hours in all, so an SMTP server down overnight loses
 * nothing); after the 8th failed attempt the message is failed and staff see it (and can send it
 * again). A refusal the server calls permanent (5xx) fails the message at once.
 */
export const MAIL_RETRY_DELAYS_MS = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  6 * 3600_000,
  12 * 3600_000,
] as const;
export const MAIL_MAX_ATTEMPTS = MAIL_RETRY_DELAYS_MS.length + 1;

const BATCH_SIZE = 10;
/** Long enough for a batch sent one by one with the timeouts below, short enough to retry soon after a crash. */
const LEASE_MS = 5 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

interface ClaimedMail {
  id: string;
  recipient: string;
  subject: string;
  body: Buffer | null;
  attempts: number;
  locked_until: string;
  request_id: string | null;
}

interface Outcome {
  error: string | null;
  permanent: boolean;
}

type Send = (
  config: HubConfig,
  mail: { id: string; to: string; subject: string; text: string; html: string },
) => Promise<void>;

/**
 * The Message-ID of a queued message: made from its row's id, so every attempt at one message
 * (a retry after the server accepted it but before the row said so, a staff "send again") carries
 * the same one. Delivery is at least once (decision 0058); the same Message-ID lets mail systems
 * that drop duplicates, and the person's mail program, see the copies as one message.
 */
export function messageIdOf(config: HubConfig, id: string): string {
  const domain =
    /@([A-Za-z0-9.-]+)>?\s*$/.exec(config.outgoingMail.from)?.[1] ?? new URL(config.publicUrl).hostname;
  return `<${id}@${domain}>`;
}

const transportsFor = configScopedCache<Transporter>();

/**
 * nodemailer over SMTP_URL; one transport per URL for the life of the hub's configuration (in
 * production, the process's). nodemailer is imported on the first message, not at start-up:
 * eagerly it made every API process about 12 MB larger resident (decision 0066), and most never
 * send mail (the worker does, or the API with JOBS_IN_PROCESS).
 */
export const sendWithSmtp: Send = async (config, mail) => {
  const url = config.outgoingMail.smtpUrl!;
  const transports = transportsFor(config);
  let transport = transports.get(url);
  if (!transport) {
    const { createTransport } = await import('nodemailer');
    transport = transports.get(url) ?? createTransport({ url, ...SMTP_TIMEOUTS });
    transports.set(url, transport);
  }
  await transport.sendMail({
    from: config.outgoingMail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdOf(config, mail.id),
    // Tells mail servers and auto-responders that no person wrote this (RFC 3834).
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
};

/** Claims due messages for this worker (SKIP LOCKED plus a lease keep workers off each other's). */
async function claim(em: EntityManager, now: Date): Promise<ClaimedMail[]> {
  const lease = new Date(now.getTime() + LEASE_MS);
  return query<ClaimedMail>(
    em,
    sql`update outgoing_mail m set locked_until = ${lease}
         where m.id in (
           select id from outgoing_mail
            where status = 'pending' and next_attempt_at <= ${now}
              and (locked_until is null or locked_until <= ${now})
            order by next_attempt_at
            limit ${BATCH_SIZE}
            for update skip locked)
     returning m.id, m.recipient, m.subject, m.body, m.attempts, m.locked_until, m.request_id`,
  );
}

async function attempt(config: HubConfig, send: Send, claimed: ClaimedMail): Promise<Outcome> {
  let content: { text: string; html: string };
  try {
    if (!claimed.body) throw new Error('no body');
    content = JSON.parse(
      openText(config.encryptionKeys, Buffer.from(claimed.body), outgoingMailContext(claimed.id)),
    );
  } catch {
    return { error: 'not sent: the message cannot be opened with the configured keys', permanent: true };
  }
  try {
    await send(config, { id: claimed.id, to: claimed.recipient, subject: claimed.subject, ...content });
    return { error: null, permanent: false };
  } catch (error) {
    const responseCode = (error as { responseCode?: number }).responseCode;
    const message = error instanceof Error ? error.message : String(error);
    // Only the server's words and code: never the message itself.
    return {
      error: message.slice(0, 500),
      permanent: typeof responseCode === 'number' && responseCode >= 500,
    };
  }
}

/** Moves a message on after an attempt; only while this worker still holds its lease. */
async function record(em: EntityManager, now: Date, claimed: ClaimedMail, outcome: Outcome): Promise<void> {
  const attempts = claimed.attempts + 1;
  const sent = outcome.error === null;
  const failed = !sent && (outcome.permanent || attempts >= MAIL_MAX_ATTEMPTS);
  const status = sent ? 'sent' : failed ? 'failed' : 'pending';
  const next = sent || failed ? now : new Date(now.getTime() + MAIL_RETRY_DELAYS_MS[attempts - 1]!);
  await command(
    em,
    sql`update outgoing_mail
           set status = ${status}, attempts = ${attempts}, next_attempt_at = ${next}, locked_until = null,
               last_error = ${outcome.error}, sent_at = ${sent ? now : null},
               body = case when ${sent} then null else body end, updated_at = ${now}
         where id = ${claimed.id} and status = 'pending' and locked_until = ${claimed.locked_until}::timestamptz`,
  );
}

function logAttempt(log: Logger, claimed: ClaimedMail, outcome: Outcome): void {
  runWithRequestId(claimed.request_id, () =>
    log[outcome.error ? 'warn' : 'info'](
      {
        mailId: claimed.id,
        attempt: claimed.attempts + 1,
        requestId: claimed.request_id ?? undefined,
        error: outcome.error ?? undefined,
      },
      outcome.error ? 'mail not sent' : 'mail sent',
    ),
  );
}

/**
 * Sends the outgoing mail. `send` replaces SMTP in tests that need a failure SMTP cannot make.
 * Idle (and claims nothing) without SMTP_URL.
 */
export function outgoingMailJob(options: { send?: Send; idleMs?: number } = {}): Job {
  const send = options.send ?? sendWithSmtp;
  return {
    name: 'outgoing-mail',
    idleMs: options.idleMs ?? 2_000,
    async runOnce(hub: Hub, stopping?: AbortSignal) {
      if (!hubSendsMail(hub.config)) return 0;
      const clock = hub.clock ?? systemClock;
      const em = hub.orm.em.fork();
      const claimed = await claim(em, clock.now());
      const log = hub.log.child({ job: 'outgoing-mail' });
      let handled = 0;
      for (const mail of claimed) {
        if (stopping?.aborted) {
          // Given back for any worker to claim at once.
          await command(
            em,
            sql`update outgoing_mail set locked_until = null where id = ${mail.id} and locked_until = ${mail.locked_until}::timestamptz`,
          );
          continue;
        }
        const outcome = await attempt(hub.config, send, mail);
        await record(em, clock.now(), mail, outcome);
        logAttempt(log, mail, outcome);
        handled += 1;
      }
      return handled;
    },
  };
}
