import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hub } from '../context.ts';
import { listAddresses } from './aliases.ts';
import { listAppPasswords } from './app-passwords.ts';
import { listCustomDomains } from './custom-domains.ts';
import { Mailbox } from './entities.ts';
import { mailOverview } from './mailbox.ts';

/** The person's mail data for their export: the rows Stalwart reads, never a secret. */
export async function mailDataExport(em: EntityManager, hub: Hub, userId: string): Promise<unknown> {
  const overview = await mailOverview(em, hub.config, userId);
  const hasMailbox = Boolean(await em.findOne(Mailbox, { user: userId }));
  return {
    mailbox: overview.mailbox,
    addresses: hasMailbox ? await listAddresses(em, hub.config, userId) : [],
    // Labels and dates only: the hashes stay out, like the passwords themselves.
    appPasswords: hasMailbox ? await listAppPasswords(em, userId) : [],
    customDomains: await listCustomDomains(em, hub.config, userId),
  };
}
