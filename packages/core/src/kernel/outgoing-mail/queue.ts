import { randomUUID } from 'node:crypto';
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../config.ts';
import { currentRequestId } from '../correlation.ts';
import type { SealedColumn } from '../crypto/reseal.ts';
import { seal } from '../crypto/sealed-box.ts';
import { type MailTemplate, mailLanguageOf, renderMail } from './compose.ts';
import { OutgoingMail } from './entity.ts';

export const outgoingMailContext = (id: string) => `outgoing-mail:${id}`;

/** The sealed bodies, for `keys:reseal`. */
export const SEALED_OUTGOING_MAIL: SealedColumn = {
  entity: OutgoingMail as EntityName<object>,
  property: 'body',
  contextProperty: 'id',
  context: outgoingMailContext,
};

export interface QueuedMail<Params> {
  /** What the message is (`<domain>.<what>`), for staff and logs. */
  kind: string;
  /** The person it is about (null: a message to an address that belongs to nobody yet). */
  userId: string | null;
  to: string;
  /** The person's language; the message is written in it when there is a template for it. */
  language: string | null | undefined;
  template: MailTemplate<Params>;
  params: Params;
}

/** Whether the hub sends mail at all (SMTP_URL is set): without it nothing is queued or sent. */
export function hubSendsMail(config: HubConfig): boolean {
  return Boolean(config.outgoingMail.smtpUrl);
}

/**
 * Adds a message to the outgoing mail. It is only persisted, not flushed: it commits with the
 * change it announces (same flush or `em.transactional`), or not at all, and the `outgoing-mail`
 * job sends it after the commit. Without SMTP_URL nothing is queued (the hub sends no mail).
 */
export function queueMail<Params>(
  em: EntityManager,
  config: HubConfig,
  message: QueuedMail<Params>,
): { id: string } | null {
  if (!hubSendsMail(config)) return null;
  const { hubName } = config.outgoingMail;
  const language = mailLanguageOf(message.language);
  const rendered = renderMail(hubName, language, message.template[language]({ ...message.params, hubName }));
  const id = randomUUID();
  em.create(OutgoingMail, {
    id,
    kind: message.kind,
    userId: message.userId,
    recipient: message.to,
    subject: rendered.subject,
    body: seal(
      config.encryptionKeys,
      JSON.stringify({ text: rendered.text, html: rendered.html }),
      outgoingMailContext(id),
    ),
    nextAttemptAt: new Date(),
    requestId: currentRequestId(),
  });
  return { id };
}
