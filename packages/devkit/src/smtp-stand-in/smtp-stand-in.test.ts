import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpStandIn, startSmtpStandIn } from './index.ts';

/** Speaks just enough SMTP to hand over one message, each command after the server's answer. */
async function submit(port: number, lines: string[]): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const answers: string[] = [];
  let buffer = '';
  let waiting: ((line: string) => void) | null = null;
  socket.on('data', (chunk) => {
    buffer += chunk.toString();
    let end = buffer.indexOf('\r\n');
    while (end >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // Multi-line answers ("250-…") end with "250 …".
      if (/^\d{3} /.test(line)) {
        answers.push(line);
        waiting?.(line);
      }
      end = buffer.indexOf('\r\n');
    }
  });
  const next = () => new Promise<string>((resolve) => (waiting = resolve));
  await next(); // greeting
  for (const line of lines) {
    socket.write(`${line}\r\n`);
    await next();
  }
  socket.end();
  return answers;
}

describe('SMTP stand-in', () => {
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    smtp = await startSmtpStandIn({ webPort: 0, log: () => {} });
  });
  afterAll(async () => {
    await smtp.stop();
  });

  it('keeps what it receives with its links, and lists it on its page', async () => {
    const answers = await submit(smtp.port, [
      'EHLO test',
      'MAIL FROM:<hub@example.test>',
      'RCPT TO:<person@example.test>',
      'DATA',
      [
        'From: "Test Hub" <hub@example.test>',
        'To: person@example.test',
        'Subject: Confirm <your> address',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Open http://localhost:5173/verify-email#token=acc_ev_abc to confirm.',
        '.',
      ].join('\r\n'),
    ]);
    expect(answers.at(-1)).toMatch(/^250 /);
    const mail = await smtp.waitFor((m) => m.subject === 'Confirm <your> address');
    expect(mail).toMatchObject({
      to: ['person@example.test'],
      links: ['http://localhost:5173/verify-email#token=acc_ev_abc'],
    });
    const page = await (await fetch(smtp.webUrl!)).text();
    expect(page).toContain('Confirm &#60;your&#62; address');
    expect(page).toContain('href="http://localhost:5173/verify-email#token=acc_ev_abc"');
    const json = (await (await fetch(`${smtp.webUrl}/messages.json`)).json()) as { subject: string }[];
    expect(json.map((m) => m.subject)).toContain('Confirm <your> address');
  });

  it('answers 421 while refusing, as a mail server down for maintenance', async () => {
    smtp.setRefusing(true);
    const socket = connect(smtp.port, '127.0.0.1');
    const greeting = await new Promise<string>((resolve) =>
      socket.once('data', (chunk) => resolve(chunk.toString())),
    );
    socket.destroy();
    smtp.setRefusing(false);
    expect(greeting).toMatch(/^421 /);
  });
});
