import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../kernel/config.ts';
import { listAddresses } from './aliases.ts';
import { CustomDomain, DirectoryAppPassword, Mailbox } from './entities.ts';

/** What deleting the account does to the person's mail, said before they confirm (what deleteMailData removes). */
export interface MailAtDeletionDto {
  /** The mailbox address, or null when the person never chose one. */
  address: string | null;
  /** Addresses the person added (aliases and catch-alls): they stop receiving mail. */
  aliases: string[];
  /** Their custom domains: the hub stops accepting mail for them, and anyone may claim them again. */
  domains: string[];
  appPasswords: number;
}

export async function mailAtDeletion(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<MailAtDeletionDto> {
  const mailbox = await em.findOne(Mailbox, { user: userId });
  const claims = await em.find(CustomDomain, { user: userId }, { orderBy: { domain: 'asc' } });
  const domains = claims.map((claim) => claim.domain);
  if (!mailbox) return { address: null, aliases: [], domains, appPasswords: 0 };
  const addresses = await listAddresses(em, config, userId);
  return {
    address: mailbox.accountName,
    aliases: addresses
      .filter((entry) => entry.kind === 'alias' || entry.kind === 'catch-all')
      .map((entry) => entry.address),
    domains,
    appPasswords: await em.count(DirectoryAppPassword, { name: mailbox.accountName }),
  };
}
