import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hub } from '../kernel/context.ts';
import { listAddresses } from './aliases.ts';
import { listAppPasswords } from './app-passwords.ts';
import { CustomDomain, DirectoryGroupMember, Mailbox } from './entities.ts';
import { mailOverview } from './mailbox.ts';

/**
 * The person's mail data for their export: the rows Stalwart reads, never a secret. App
 * passwords are labels and dates (the hashes stay out, like the passwords themselves); custom
 * domains are the names and their state, not the verification token or the DNS answers.
 */
export async function mailDataExport(em: EntityManager, hub: Hub, userId: string): Promise<unknown> {
  const overview = await mailOverview(em, hub.config, userId);
  const mailbox = await em.findOne(Mailbox, { user: userId });
  const [claims, groups] = await Promise.all([
    em.find(CustomDomain, { user: userId }, { orderBy: { domain: 'asc' } }),
    mailbox
      ? em.find(DirectoryGroupMember, { name: mailbox.accountName }, { orderBy: { memberOf: 'asc' } })
      : Promise.resolve([]),
  ]);
  return {
    mailbox: overview.mailbox,
    addresses: mailbox ? await listAddresses(em, hub.config, userId) : [],
    appPasswords: mailbox ? await listAppPasswords(em, userId) : [],
    customDomains: claims.map((claim) => ({
      domain: claim.domain,
      verified: Boolean(claim.verifiedAt),
      verifiedAt: claim.verifiedAt ?? null,
      lastCheckedAt: claim.lastCheckedAt ?? null,
      catchAll: claim.catchAll,
      addedAt: claim.createdAt,
    })),
    /** Group accounts (shared mailboxes) staff made this mailbox a member of. */
    groupMemberships: groups.map((row) => ({ group: row.memberOf, since: row.createdAt })),
  };
}
