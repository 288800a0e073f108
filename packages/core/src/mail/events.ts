import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubEventData } from '../kernel/events/event-payloads.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import type { MailboxEntity } from './entities.ts';

/** Tells client apps (webmail, …) a person's mailbox appeared or changed state. */
export function emitMailboxUpdated(em: EntityManager, mailbox: MailboxEntity): void {
  const userId = typeof mailbox.user === 'string' ? mailbox.user : mailbox.user.id;
  emitEvent(em, {
    type: 'mailbox.updated',
    userId,
    data: {
      user: { id: userId },
      mailbox: { address: mailbox.accountName, state: mailbox.state },
    } satisfies HubEventData['mailbox.updated'],
  });
}
