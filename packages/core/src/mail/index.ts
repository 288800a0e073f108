import { handleDomainEvent } from '../kernel/domain-events.ts';
import { applyMailEntitlements } from './entitlements.ts';
import { followDisplayName } from './mailbox.ts';

/**
 * Mail's public module. Loading it wires mail to the layer below: the mailbox follows billing's
 * entitlement decisions in the same transaction (every process that opens the database loads
 * this module through the entity list, so the handler is always there when billing publishes).
 */
handleDomainEvent('billing.entitlements-applied', (em, config, event) =>
  applyMailEntitlements(em, config, event.userId, event.mail),
);
// The mailbox's directory description (the name Stalwart shows) is the person's display name.
handleDomainEvent('identity.display-name-changed', (em, _config, event) =>
  followDisplayName(em, event.userId, event.displayName),
);

export { createAppPassword } from './app-passwords.ts';
export { addCustomDomain, checkCustomDomain } from './custom-domains.ts';
export { mailDataExport } from './data-export.ts';
export type { MailAtDeletionDto } from './deletion-preview.ts';
export { mailAtDeletion } from './deletion-preview.ts';
export {
  CustomDomain,
  DirectoryAccount,
  DirectoryAppPassword,
  DirectoryDomain,
  DirectoryEmail,
  DirectoryGroupMember,
  Mailbox,
} from './entities.ts';
export { applyMailEntitlements, deleteMailData } from './entitlements.ts';
export { mailAdminRouter } from './mail-admin-router.ts';
export { mailRouter } from './mail-router.ts';
export { ensureMailDomains, provisionMailbox } from './mailbox.ts';
export { grantStalwartRole } from './stalwart-role.ts';
