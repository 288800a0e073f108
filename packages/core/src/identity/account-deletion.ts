import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/service.ts';
import { emitEvent } from '../clients/outbox.ts';
import type { Hub } from '../context.ts';
import { User } from './entities.ts';
import { destroyMozillaTokens } from './mozilla/stored-tokens.ts';

/** Why the account went, for the audit log: 'mozilla-account-deleted', 'user-request', 'staff', … */
export type AccountDeletionReason = string;

/**
 * Deletes a person and everything of theirs (rows cascade from users) and tells client apps with
 * user.deleted, in one transaction. Returns false when there was no such user.
 */
export async function deleteUserAccount(
  em: EntityManager,
  hub: Hub,
  userId: string,
  reason: AccountDeletionReason,
): Promise<boolean> {
  const user = await em.findOne(User, { id: userId });
  if (!user) return false;
  // Revoke what Mozilla issued to us before the sealed tokens disappear with the row.
  await destroyMozillaTokens(em, hub.config, hub.log, userId);
  const deleted = await em.transactional(async (tx) => {
    const count = await tx.nativeDelete(User, { id: userId });
    if (count === 0) return false;
    emitEvent(tx, { type: 'user.deleted', userId, data: { user: { id: userId } } });
    recordAudit(tx, {
      actor: null,
      action: 'user.delete',
      entityType: 'user',
      entityId: userId,
      subjectUserId: userId,
      after: { reason },
    });
    return true;
  });
  if (deleted) hub.log.info({ userId, reason }, 'user account deleted');
  return deleted;
}
