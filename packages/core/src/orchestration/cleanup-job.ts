import { RateLimitBucket, Session, UserToken } from '../identity/index.ts';
import type { Job } from '../kernel/jobs.ts';
import { OutgoingMail } from '../kernel/outgoing-mail/entity.ts';
import { AuthorizationCode, LoginRequest, RefreshToken } from './client-login/entities.ts';

const HOUR = 3_600_000;
/** Sent mail stays listed for staff this long (recipient and subject only; the body is gone). */
const SENT_MAIL_KEPT_MS = 30 * 24 * HOUR;

/**
 * Deletes sign-in leftovers nobody can use any more: expired sessions, login links, codes,
 * refresh tokens, password links, throttling windows, and sent mail older than 30 days. Plain conditional deletes, so several
 * workers running it at once do no harm.
 */
export const identityCleanupJob: Job = {
  name: 'identity-cleanup',
  idleMs: 10 * 60_000,
  async runOnce(hub) {
    const em = hub.orm.em.fork();
    const now = new Date();
    // Kept an hour past expiry so a late retry still meets "used or expired", not "unknown".
    const graceful = new Date(now.getTime() - HOUR);
    const counts = await Promise.all([
      em.nativeDelete(Session, { $or: [{ expiresAt: { $lt: now } }, { absoluteExpiresAt: { $lt: now } }] }),
      em.nativeDelete(LoginRequest, { expiresAt: { $lt: graceful } }),
      em.nativeDelete(AuthorizationCode, { expiresAt: { $lt: graceful } }),
      em.nativeDelete(RefreshToken, { expiresAt: { $lt: graceful } }),
      em.nativeDelete(UserToken, { expiresAt: { $lt: graceful } }),
      em.nativeDelete(RateLimitBucket, { resetAt: { $lt: now } }),
      em.nativeDelete(OutgoingMail, {
        status: 'sent',
        sentAt: { $lt: new Date(now.getTime() - SENT_MAIL_KEPT_MS) },
      }),
    ]);
    return counts.reduce((sum, count) => sum + count, 0);
  },
};
