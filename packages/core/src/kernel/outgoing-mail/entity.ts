import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base-properties.ts';

/**
 * The hub's own outgoing mail (verification links, password resets, security notices): written in
 * the same transaction as the change it announces, sent by the `outgoing-mail` job with retries.
 * Subject and recipient stay readable for staff; the body is sealed (a link in it is a secret
 * until used) and dropped once the message is sent.
 */
export const OutgoingMail = defineEntity({
  name: 'OutgoingMail',
  tableName: 'outgoing_mail',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    ...baseProperties,
    /** What the message is, e.g. `identity.email-verification` (no free text: staff filter by it). */
    kind: p.string(),
    /** The person it is about; null once they are deleted (the last notice outlives them). Not a FK. */
    userId: p.uuid().nullable().index(),
    recipient: p.string(),
    subject: p.string(),
    /** `{ text, html }` sealed with context `outgoing-mail:<id>`; null once sent. */
    body: p.blob().nullable().hidden(),
    status: p.enum(['pending', 'sent', 'failed']).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    /** A worker holds the message until then while it sends it; a worker that dies lets it run out. */
    lockedUntil: p.datetime().nullable(),
    lastError: p.text().nullable(),
    sentAt: p.datetime().nullable(),
    /** The request that caused the message, so its log lines can be traced to it. */
    requestId: p.string().nullable(),
  },
});

export type OutgoingMailEntity = InferEntity<typeof OutgoingMail>;
