import type { EntityManager } from '@mikro-orm/postgresql';
import { OutgoingMail } from './entity.ts';

/** A message the hub wrote to or about a person, as their data export lists it. */
export interface OutgoingMailExportItem {
  kind: string;
  recipient: string;
  subject: string;
  status: 'pending' | 'sent' | 'failed';
  queuedAt: Date;
  sentAt: Date | null;
}

/**
 * The person's own mail from the hub, newest first: what, to which address, when and whether it
 * went out. Never the body (dropped once sent, and while pending it may hold a live link) nor the
 * SMTP server's error text (the server's business, not the person's data).
 */
export async function outgoingMailOfPerson(
  em: EntityManager,
  userId: string,
): Promise<OutgoingMailExportItem[]> {
  const rows = await em.find(
    OutgoingMail,
    { userId },
    {
      orderBy: { createdAt: 'desc', id: 'desc' },
      fields: ['kind', 'recipient', 'subject', 'status', 'createdAt', 'sentAt'],
    },
  );
  return rows.map((row) => ({
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    queuedAt: row.createdAt,
    sentAt: row.sentAt ?? null,
  }));
}
