import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../kernel/config.ts';
import type { MailTemplate } from '../kernel/outgoing-mail/compose.ts';
import { queueMail } from '../kernel/outgoing-mail/queue.ts';

/** What a message to a person needs to know of them. */
export interface MailRecipient {
  id: string;
  email: string;
  language: string;
  displayName?: string | null;
  username: string;
}

/**
 * Queues a message to a person at their address, in their language, greeting them by name. Like
 * every queued message it commits with the caller's change (the next flush), or not at all.
 */
export function notifyPerson<Params extends { name: string }>(
  em: EntityManager,
  config: HubConfig,
  person: MailRecipient,
  kind: string,
  template: MailTemplate<Params>,
  params: Omit<Params, 'name'>,
  to: string = person.email,
): { id: string } | null {
  return queueMail(em, config, {
    kind,
    userId: person.id,
    to,
    language: person.language,
    template,
    params: { ...params, name: person.displayName || person.username } as Params,
  });
}
