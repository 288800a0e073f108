// A stand-in for the mail server the hub submits its own mail to (SMTP_URL): a real SMTP server
// (smtp-server) that accepts every message, keeps it in memory, prints its subject and links, and
// lists what it received on a small web page so a developer can click the links. Used by tests
// (an in-process instance on a random 127.0.0.1 port) and started by `pnpm dev`; never in production.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  id: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Every http(s) link of the text part, in order. */
  links: string[];
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface SmtpStandInOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Serve the page that lists messages on this port (0: a free one); absent: no page. */
  webPort?: number;
  log?: (line: string) => void;
}

export interface SmtpStandIn {
  /** smtp://host:port, what SMTP_URL is set to. */
  smtpUrl: string;
  port: number;
  /** The page that lists messages, when webPort was given. */
  webUrl: string | null;
  messages(): ReceivedMail[];
  /** The first message (already received or yet to come) that matches, or a timeout error. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /**
   * While true, every connection is answered "421 service not available" (a mail server that is
   * down for maintenance): senders must keep their messages and try again later.
   */
  setRefusing(refusing: boolean): void;
  clear(): void;
  stop(): Promise<void>;
}

const LINK = /https?:\/\/[^\s<>"')]+/g;

export async function startSmtpStandIn(options: SmtpStandInOptions = {}): Promise<SmtpStandIn> {
  const host = options.host ?? '127.0.0.1';
  const received: ReceivedMail[] = [];
  const waiters = new Set<{
    match: (mail: ReceivedMail) => boolean;
    resolve: (mail: ReceivedMail) => void;
  }>();
  let refusing = false;
  let nextId = 1;

  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS to negotiate, no login to give.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    banner: 'accounts hub SMTP stand-in',
    logger: false,
    onConnect(_session, callback) {
      if (!refusing) return callback();
      const error = Object.assign(new Error('Service not available, try again later'), { responseCode: 421 });
      return callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? '';
          const mail: ReceivedMail = {
            id: nextId++,
            from: parsed.from?.text ?? session.envelope.mailFrom.toString(),
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : null,
            links: [...text.matchAll(LINK)].map((match) => match[0]),
            headers: Object.fromEntries(
              [...parsed.headers].map(([name, value]) => [
                name,
                typeof value === 'string' ? value : JSON.stringify(value),
              ]),
            ),
            receivedAt: new Date(),
          };
          received.push(mail);
          options.log?.(
            [
              `mail → ${mail.to.join(', ')}: ${mail.subject}`,
              ...mail.links.map((link) => `    ${link}`),
            ].join('\n'),
          );
          for (const waiter of waiters) {
            if (waiter.match(mail)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  // After start-up, a client's broken connection must not end the process.
  server.on('error', (error) => options.log?.(`smtp stand-in: ${error.message}`));
  const port = (server.server.address() as AddressInfo).port;

  let web: HttpServer | null = null;
  let webUrl: string | null = null;
  if (options.webPort !== undefined) {
    web = createHttpServer((request, response) => {
      if (request.url === '/messages.json') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(received));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(listPage(received));
    });
    await new Promise<void>((resolve, reject) => {
      web!.once('error', reject);
      web!.listen(options.webPort, host, () => resolve());
    });
    webUrl = `http://${host}:${(web.address() as AddressInfo).port}`;
  }

  return {
    smtpUrl: `smtp://${host}:${port}`,
    port,
    webUrl,
    messages: () => [...received],
    waitFor(match, timeoutMs = 10_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `no matching mail within ${timeoutMs} ms (received: ${received.map((m) => m.subject).join('; ') || 'none'})`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    setRefusing(value) {
      refusing = value;
    },
    clear() {
      received.length = 0;
    },
    async stop() {
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        web ? new Promise<void>((resolve) => web!.close(() => resolve())) : Promise.resolve(),
      ]);
    },
  };
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function listPage(received: ReceivedMail[]): string {
  const items = [...received]
    .reverse()
    .map(
      (mail) => `<article>
  <h2>${escapeHtml(mail.subject)}</h2>
  <p class="meta">to ${escapeHtml(mail.to.join(', '))} · from ${escapeHtml(mail.from)} · ${mail.receivedAt.toISOString()}</p>
  ${mail.links.map((link) => `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`).join('\n  ')}
  <details><summary>Text</summary><pre>${escapeHtml(mail.text)}</pre></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mail sent by the hub (SMTP stand-in)</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
article{border-top:1px solid #ccc;padding:.5rem 0}h2{font-size:1.1rem;margin:.5rem 0}.meta{color:#555;font-size:.9rem}
pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}a{word-break:break-all}</style></head>
<body><main><h1>Mail sent by the hub</h1>
<p>What the SMTP stand-in received since it started, newest first. Reload for new messages.</p>
${items || '<p>No mail yet.</p>'}
</main></body></html>`;
}
