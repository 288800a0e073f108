import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../../identity/index.ts';
import type { Hub } from '../../kernel/context.ts';
import { deleteAccount } from './privacy.ts';

/** Why the account went, for the audit log: 'mozilla-account-deleted', 'user-request', 'staff', … */
export type AccountDeletionReason = string;

/**
 * Deletes a person and everything of theirs, at the system's initiative (Mozilla's delete-user
 * event): the same steps as a person deleting their own account (privacy.ts). Returns false when
 * there was no such user.
 */
export async function deleteUserAccount(
  em: EntityManager,
  hub: Hub,
  userId: string,
  reason: AccountDeletionReason,
): Promise<boolean> {
  if (!(await em.findOne(User, { id: userId }))) return false;
  await deleteAccount(em, hub, userId, {
    reason,
    actor: null,
    via: reason === 'mozilla-account-deleted' ? 'mozilla' : null,
  });
  hub.log.info({ userId, reason }, 'user account deleted');
  return true;
}
