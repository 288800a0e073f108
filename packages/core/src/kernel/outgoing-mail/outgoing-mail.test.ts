import { type SmtpStandIn, startSmtpStandIn } from '@accounts/devkit/smtp-stand-in';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../../testing/index.ts';
import type { Clock } from '../clock.ts';
import type { MailTemplate } from './compose.ts';
import { OutgoingMail } from './entity.ts';
import { queueMail } from './queue.ts';
import { MAIL_MAX_ATTEMPTS, MAIL_RETRY_DELAYS_MS, outgoingMailJob, sendWithSmtp } from './send-job.ts';
import { listOutgoingMail, resendOutgoingMail } from './staff.ts';

const note: MailTemplate<{ word: string }> = {
  en: ({ word, hubName }) => ({
    subject: `Note ${word}`,
    paragraphs: [`Hello from ${hubName} <${word}>`],
    action: { label: 'Open', url: `https://hub.test/notes/${word}?a=1&b=2` },
  }),
  de: ({ word }) => ({ subject: `Notiz ${word}`, paragraphs: ['Hallo'] }),
};

describe('outgoing mail', () => {
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    smtp = await startSmtpStandIn();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  const testHub = useTestHub(() => testConfig({ outgoingMail: { smtpUrl: smtp.smtpUrl } }));
  let now = new Date();
  const clock: Clock = { now: () => now };
  const hub = () => Object.assign(testHub(), { clock });
  const job = outgoingMailJob();

  // Each test starts with an empty queue, its clock a moment after the messages it queues.
  beforeEach(async () => {
    await hub().orm.em.fork().nativeDelete(OutgoingMail, {});
  });

  async function queue(word: string, language = 'en') {
    const em = hub().orm.em.fork();
    const queued = queueMail(em, hub().config, {
      kind: 'test.note',
      userId: null,
      to: `${word}@example.test`,
      language,
      template: note,
      params: { word },
    });
    await em.flush();
    now = new Date(Date.now() + 1000);
    return queued!.id;
  }

  const row = (id: string) =>
    hub()
      .orm.em.fork()
      .findOneOrFail(OutgoingMail, { id }, { fields: ['*', 'body'] });

  it('commits with the change it announces, or not at all', async () => {
    const em = hub().orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        queueMail(tx, hub().config, {
          kind: 'test.note',
          userId: null,
          to: 'x@example.test',
          language: 'en',
          template: note,
          params: { word: 'rolled-back' },
        });
        await tx.flush();
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await em.fork().count(OutgoingMail, { recipient: 'x@example.test' })).toBe(0);

    const id = await queue('kept');
    const stored = await row(id);
    expect(stored.status).toBe('pending');
    // The link is a secret until used: the body is sealed at rest.
    expect(stored.body?.toString('latin1')).not.toContain('hub.test/notes');
  });

  it('sends plain text and HTML in the person’s language with the hub’s name, then drops the body', async () => {
    const id = await queue('sent');
    const german = await queue('deutsch', 'de-AT');
    expect(await job.runOnce(hub())).toBeGreaterThanOrEqual(2);
    const mail = await smtp.waitFor((m) => m.subject === 'Note sent');
    expect(mail.to).toEqual(['sent@example.test']);
    expect(mail.from).toContain('Test Hub');
    expect(mail.text).toContain('Hello from Test Hub <sent>');
    expect(mail.links).toEqual(['https://hub.test/notes/sent?a=1&b=2']);
    expect(mail.html).toContain('Hello from Test Hub &#60;sent&#62;');
    expect(mail.html).toContain('href="https://hub.test/notes/sent?a=1&#38;b=2"');
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    await smtp.waitFor((m) => m.subject === 'Notiz deutsch');
    const stored = await row(id);
    expect(stored.status).toBe('sent');
    expect(stored.body).toBeNull();
    expect((await row(german)).status).toBe('sent');
  });

  it('loses nothing while the SMTP server refuses, and sends it once it is back', async () => {
    smtp.setRefusing(true);
    const id = await queue('refused');
    expect(await job.runOnce(hub())).toBe(1);
    let stored = await row(id);
    expect(stored.status).toBe('pending');
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toMatch(/421|not available/i);
    // Not due again before its delay.
    expect(await job.runOnce(hub())).toBe(0);
    smtp.setRefusing(false);
    now = new Date(now.getTime() + MAIL_RETRY_DELAYS_MS[0] + 1000);
    expect(await job.runOnce(hub())).toBe(1);
    await smtp.waitFor((m) => m.subject === 'Note refused');
    stored = await row(id);
    expect(stored.status).toBe('sent');
    expect(smtp.messages().filter((m) => m.subject === 'Note refused')).toHaveLength(1);
  });

  it('loses nothing while the SMTP server is stopped, and sends it once it is started again', async () => {
    const port = smtp.port;
    await smtp.stop();
    const id = await queue('stopped');
    expect(await job.runOnce(hub())).toBe(1);
    expect((await row(id)).lastError).toMatch(/ECONNREFUSED|connect/i);
    smtp = await startSmtpStandIn({ port });
    now = new Date(now.getTime() + MAIL_RETRY_DELAYS_MS[0] + 1000);
    expect(await job.runOnce(hub())).toBe(1);
    await smtp.waitFor((m) => m.subject === 'Note stopped');
    expect((await row(id)).status).toBe('sent');
  });

  it('fails a message after its last attempt, shows it to staff, and sends it again when asked', async () => {
    smtp.setRefusing(true);
    const id = await queue('failing');
    for (let attempt = 1; attempt <= MAIL_MAX_ATTEMPTS; attempt += 1) {
      expect(await job.runOnce(hub())).toBe(1);
      now = new Date(now.getTime() + (MAIL_RETRY_DELAYS_MS[attempt - 1] ?? 0) + 1000);
    }
    expect(await job.runOnce(hub())).toBe(0);
    const em = hub().orm.em.fork();
    const failed = await listOutgoingMail(em, { status: 'failed' });
    const shown = failed.items.find((item) => item.id === id);
    expect(shown).toMatchObject({
      recipient: 'failing@example.test',
      subject: 'Note failing',
      attempts: MAIL_MAX_ATTEMPTS,
      canResend: true,
    });
    expect(shown?.lastError).toMatch(/421|not available/i);
    expect(JSON.stringify(shown)).not.toContain('hub.test/notes');
    expect(failed.counts.failed).toBeGreaterThanOrEqual(1);

    smtp.setRefusing(false);
    await resendOutgoingMail(em, id);
    await expect(resendOutgoingMail(em, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await job.runOnce(hub())).toBe(1);
    await smtp.waitFor((m) => m.subject === 'Note failing');
    expect((await row(id)).status).toBe('sent');
  });

  it('sends at least once: a copy sent again after the server accepted the first carries the same Message-ID', async () => {
    const id = await queue('twice');
    // The server accepts the message, then the worker loses it before recording that (its
    // connection drops, or the process dies and the lease runs out): the message is sent again.
    const losing = outgoingMailJob({
      send: async (config, mail) => {
        await sendWithSmtp(config, mail);
        throw new Error('connection lost after the server accepted the message');
      },
    });
    expect(await losing.runOnce(hub())).toBe(1);
    expect((await row(id)).status).toBe('pending');
    now = new Date(now.getTime() + MAIL_RETRY_DELAYS_MS[0] + 1000);
    expect(await job.runOnce(hub())).toBe(1);
    expect((await row(id)).status).toBe('sent');
    await expect.poll(() => smtp.messages().filter((m) => m.subject === 'Note twice').length).toBe(2);
    const copies = smtp.messages().filter((m) => m.subject === 'Note twice');
    expect(copies.map((m) => m.headers['message-id'])).toEqual([`<${id}@mail.test>`, `<${id}@mail.test>`]);
    // Every other message has its own.
    const otherId = await queue('other');
    expect(await job.runOnce(hub())).toBe(1);
    const other = await smtp.waitFor((m) => m.subject === 'Note other');
    expect(other.headers['message-id']).toBe(`<${otherId}@mail.test>`);
  });

  it('fails at once on a permanent refusal (5xx)', async () => {
    const id = await queue('permanent');
    const refusing = outgoingMailJob({
      send: async () => {
        throw Object.assign(new Error('550 no such mailbox'), { responseCode: 550 });
      },
    });
    expect(await refusing.runOnce(hub())).toBe(1);
    const stored = await row(id);
    expect(stored.status).toBe('failed');
    expect(stored.attempts).toBe(1);
  });

  it('queues nothing and sends nothing without SMTP_URL', async () => {
    const config = { ...hub().config, outgoingMail: { ...hub().config.outgoingMail, smtpUrl: null } };
    const em = hub().orm.em.fork();
    expect(
      queueMail(em, config, {
        kind: 'test.note',
        userId: null,
        to: 'n@example.test',
        language: 'en',
        template: note,
        params: { word: 'none' },
      }),
    ).toBeNull();
    expect(await job.runOnce({ ...hub(), config })).toBe(0);
  });
});
