import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../kernel/config.ts';
import { verifySecret } from '../kernel/crypto/argon2.ts';
import { randomToken, sha256 } from '../kernel/crypto/tokens.ts';
import { conflict, HubError, preconditionFailed, tooManyRequests } from '../kernel/errors.ts';
import { User, type UserEntity, UserToken } from './entities.ts';
import { emailChangedMail, emailVerificationMail } from './mail-templates.ts';
import { notifyPerson } from './notices.ts';
import { clearBucket, countAttempt, type RateLimitRule } from './rate-limit.ts';
import { emitUserEvent, normalizeEmail } from './users.ts';

export const VERIFY_SECONDS = 48 * 3600;
export const EMAIL_TOKEN_PREFIX = 'acc_ev_';

/** Verification mails a person may have sent again: three per quarter hour (each is a mail to someone's inbox). */
export const RESEND_VERIFICATION_RULE: RateLimitRule = { limit: 3, windowSeconds: 15 * 60 };
/** Address changes a person may start, each with a password check: five per quarter hour. */
export const EMAIL_CHANGE_RULE: RateLimitRule = { limit: 5, windowSeconds: 15 * 60 };

/**
 * Queues a link that confirms `email` belongs to the person: their own address (sign-up), or the
 * new one they want (an address change, applied only when the link is opened). The token sits in
 * the URL fragment (never sent to a server, so in no log); only its SHA-256 is stored, with the
 * address it confirms. Earlier unused links of the person stop working. Flushed by the caller.
 */
export async function queueEmailVerification(
  em: EntityManager,
  config: HubConfig,
  user: UserEntity,
  email: string = user.email,
): Promise<void> {
  const token = randomToken(32, EMAIL_TOKEN_PREFIX);
  await em.nativeDelete(UserToken, { user: user.id, purpose: 'email-verification', usedAt: null });
  em.create(UserToken, {
    user,
    purpose: 'email-verification',
    email,
    tokenHash: sha256(token),
    expiresAt: new Date(Date.now() + VERIFY_SECONDS * 1000),
  });
  notifyPerson(
    em,
    config,
    user,
    'identity.email-verification',
    emailVerificationMail,
    { link: `${config.publicUrl}/verify-email#token=${token}`, hours: VERIFY_SECONDS / 3600 },
    email,
  );
}

/** Sends the person's verification link again (the "check your mail" page); throttled. */
export async function resendEmailVerification(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<{ sentTo: string | null }> {
  const wait = await countAttempt(em, [
    { key: `verify-resend:user:${userId}`, rule: RESEND_VERIFICATION_RULE },
  ]);
  if (wait > 0) throw tooManyRequests(wait);
  return em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { id: userId });
    if (user.emailVerified) return { sentTo: null };
    await queueEmailVerification(tx, config, user);
    return { sentTo: user.email };
  });
}

/**
 * Starts a change of the person's address (AUTH_SCHEME=password; under Mozilla accounts the
 * address is Mozilla's): checks the current password, then mails a link to the new address. The
 * account keeps its old, verified address until the link is opened, so a typo or someone else's
 * address never becomes the account's.
 */
export async function requestEmailChange(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  input: { newEmail: string; currentPassword: string },
): Promise<{ sentTo: string }> {
  if (config.authScheme !== 'password') {
    throw preconditionFailed('Your address is the one of your Mozilla account: change it there.');
  }
  const key = `email-change:user:${userId}`;
  const wait = await countAttempt(em, [{ key, rule: EMAIL_CHANGE_RULE }]);
  if (wait > 0) throw tooManyRequests(wait);
  const newEmail = normalizeEmail(input.newEmail);
  return em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, { id: userId }, { populate: ['password'] });
    if (!user.password || !(await verifySecret(user.password, input.currentPassword))) {
      throw new HubError('BAD_INPUT', 'The current password is not right.', {
        fieldErrors: { currentPassword: ['The current password is not right.'] },
      });
    }
    await clearBucket(tx, key);
    if (newEmail === user.email) throw conflict('This is already your address.', 'newEmail');
    if (await tx.findOne(User, { email: newEmail })) {
      throw conflict('An account with this email already exists.', 'newEmail');
    }
    await queueEmailVerification(tx, config, user, newEmail);
    return { sentTo: newEmail };
  });
}

/**
 * Opens a verification link: the address it was sent to is confirmed (and becomes the account's,
 * for an address change; the old address is told). Client apps hear `emailVerified: true` (and the
 * new address) in user.updated. Single use; expired, used or superseded links are refused alike.
 */
export async function verifyEmail(
  em: EntityManager,
  config: HubConfig,
  input: { token: string },
): Promise<{ email: string }> {
  const invalid = new HubError('BAD_INPUT', 'This link is not valid any more. Ask for a new one.', {
    fieldErrors: { token: ['This link is not valid any more. Ask for a new one.'] },
  });
  if (!input.token.startsWith(EMAIL_TOKEN_PREFIX) || input.token.length > 128) throw invalid;
  return em.transactional(async (tx) => {
    const now = new Date();
    const tokenHash = sha256(input.token);
    const claimed = await tx.nativeUpdate(
      UserToken,
      { tokenHash, purpose: 'email-verification', usedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
    if (claimed !== 1) throw invalid;
    const row = await tx.findOneOrFail(UserToken, { tokenHash }, { populate: ['user'] });
    const user = row.user as UserEntity;
    const email = row.email ?? user.email;
    if (!user.isActive) throw invalid;
    const changed = email !== user.email || !user.emailVerified;
    if (email !== user.email) {
      if (await tx.findOne(User, { email })) {
        throw conflict('An account with this email already exists.', 'token');
      }
      const oldEmail = user.email;
      user.lastUsedEmail = oldEmail;
      user.email = email;
      // Links to set a password went to the old address: its mailbox no longer speaks for the account.
      await tx.nativeDelete(UserToken, {
        user: user.id,
        usedAt: null,
        purpose: { $in: ['invite', 'password-reset'] },
      });
      notifyPerson(
        tx,
        config,
        user,
        'identity.email-changed',
        emailChangedMail,
        { newEmail: email },
        oldEmail,
      );
    }
    user.emailVerified = true;
    if (changed) emitUserEvent(tx, 'user.updated', user);
    return { email };
  });
}
