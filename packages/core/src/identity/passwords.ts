import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { hashSecret, verifyAgainstDummy, verifySecret } from '../kernel/crypto/argon2.ts';
import { randomToken, sha256 } from '../kernel/crypto/tokens.ts';
import {
  conflict,
  HubError,
  isUniqueViolation,
  preconditionFailed,
  tooManyRequests,
  unauthenticated,
} from '../kernel/errors.ts';
import { hubSendsMail } from '../kernel/outgoing-mail/queue.ts';
import { queueEmailVerification } from './email-verification.ts';
import { User, type UserEntity, UserToken } from './entities.ts';
import { passwordChangedMail, passwordResetMail, signUpAttemptedMail } from './mail-templates.ts';
import { notifyPerson } from './notices.ts';
import { clearBucket, countAttempt, type RateLimitRule } from './rate-limit.ts';
import { createSession, type NewSessionInfo, revokeUserSessions } from './sessions.ts';
import { addressBucket, type KnownDevice, throttleSignIn } from './sign-in-throttle.ts';
import {
  availableUsername,
  emitUserEvent,
  normalizeEmail,
  type SignupGate,
  signupNotAllowed,
} from './users.ts';

/** The current-password check of a password change: five attempts per quarter hour per person. */
export const CHANGE_PASSWORD_RULE: RateLimitRule = { limit: 5, windowSeconds: 15 * 60 };

export { passwordSchema } from './auth-schemas.ts';

export const SIGN_IN_REFUSED = 'That email or username and password do not match an account.';

function requirePasswordScheme(config: HubConfig): void {
  if (config.authScheme !== 'password') {
    throw preconditionFailed('Passwords are not used here: sign in with Mozilla accounts.');
  }
}

export interface PasswordSignIn {
  identifier: string;
  password: string;
}

/** What a sign-in knows besides the form: the request's address, device and time. */
export interface SignInInfo extends Omit<NewSessionInfo, 'method'> {
  /** The browser's device cookie and session (sign-in-throttle.ts); none counts as a new device. */
  device?: KnownDevice;
  /** The hub's clock; the system's when absent. */
  now?: Date;
}

/**
 * Email or username plus password. Unknown accounts cost the same work (one lookup, the same
 * throttle statements, one argon2 verification) and get the same message as wrong passwords.
 * Every attempt is counted before the password is checked (sign-in-throttle.ts).
 */
export async function signInWithPassword(
  em: EntityManager,
  config: HubConfig,
  input: PasswordSignIn,
  info: SignInInfo,
) {
  requirePasswordScheme(config);
  const identifier = input.identifier.trim().toLowerCase();
  const user = await em.findOne(
    User,
    identifier.includes('@') ? { email: identifier } : { username: identifier },
    { populate: ['password'] },
  );
  const throttle = await throttleSignIn(
    em,
    { userId: user?.id ?? null, identifier, ip: info.ip, device: info.device },
    info.now ?? new Date(),
  );
  if (throttle.wait > 0) throw tooManyRequests(throttle.wait);

  const matches =
    user?.password && user.isActive
      ? await verifySecret(user.password, input.password)
      : await verifyAgainstDummy(input.password);
  if (!user || !matches) throw unauthenticated(SIGN_IN_REFUSED);
  await throttle.succeeded();
  return createSession(em, config, user, { ip: info.ip, userAgent: info.userAgent, method: 'password' });
}

/**
 * Changes the password and ends every other session of the person. The current-password check
 * has its own per-person allowance: a stolen session must not become a way to guess the password
 * at full speed (only the session's holder can use it up, so it locks no one else out).
 */
export async function changePassword(
  em: EntityManager,
  config: HubConfig,
  user: { id: string },
  currentSessionId: string,
  input: { currentPassword: string | null; newPassword: string },
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<{ endedSessions: number }> {
  requirePasswordScheme(config);
  const loaded = await em.findOneOrFail(User, { id: user.id }, { populate: ['password'] });
  if (loaded.password) {
    const account = `password-change:user:${loaded.id}`;
    const wait = await countAttempt(em, [{ key: account, rule: CHANGE_PASSWORD_RULE }]);
    if (wait > 0) throw tooManyRequests(wait);
    if (!input.currentPassword || !(await verifySecret(loaded.password, input.currentPassword))) {
      throw new HubError('BAD_INPUT', 'The current password is not right.', {
        fieldErrors: { currentPassword: ['The current password is not right.'] },
      });
    }
    await clearBucket(em, account);
  }
  recordAccountChange(em, source, {
    action: loaded.password ? 'password.changed' : 'password.set',
    entityType: 'user',
    entityId: user.id,
    subjectUserId: user.id,
  });
  loaded.password = await hashSecret(input.newPassword);
  notifyPerson(em, config, loaded, 'identity.password-changed', passwordChangedMail, {
    link: `${config.publicUrl}/security`,
  });
  await em.flush();
  const endedSessions = await revokeUserSessions(em, user.id, { except: currentSessionId });
  return { endedSessions };
}

export interface SignUpInput {
  email: string;
  password: string;
  username?: string | undefined;
  displayName?: string | undefined;
  language?: string | undefined;
}

/**
 * Sign-up is anonymous and each one queues a mail, so it is throttled like "Forgot password?":
 * per network address (IPv6 per /64) and per address typed (sign-in-throttle.ts `addressBucket`).
 */
export const SIGN_UP_ADDRESS_RULE: RateLimitRule = { limit: 10, windowSeconds: 15 * 60 };
export const SIGN_UP_EMAIL_RULE: RateLimitRule = { limit: 3, windowSeconds: 60 * 60 };

/**
 * Self sign-up, when `admit` (SIGNUP_MODE and the allow-list) lets the address in. `onCreated`
 * runs before the flush that commits the new person and user.created, so what it adds (the
 * orchestration layer connects the app the person signs up through) commits with them and the
 * app hears of them.
 *
 * With mail (`SMTP_URL`) the answer is `null` whether or not the address has an account ("check
 * your mail", decision 0069): a new address gets its account and a confirmation link, an address
 * that has an account gets a notice to its owner instead, and nobody is signed in. Without mail
 * nobody could be told, so the person is signed in at once and a taken address is refused.
 */
export async function signUp(
  em: EntityManager,
  config: HubConfig,
  input: SignUpInput,
  info: SignInInfo,
  options: { admit: SignupGate; onCreated?: (user: UserEntity) => void },
): Promise<{ token: string; session: { user: { id: string } } } | null> {
  requirePasswordScheme(config);
  const email = normalizeEmail(input.email);
  // The gate first: an address that may not sign up learns nothing of who has an account.
  if (!(await options.admit(email))) throw signupNotAllowed(email);
  // Then the throttle, before anything that depends on the address having an account.
  const wait = await countAttempt(em, [
    { key: `sign-up:${addressBucket(info.ip)}`, rule: SIGN_UP_ADDRESS_RULE },
    { key: `sign-up:email:${sha256(email).toString('hex')}`, rule: SIGN_UP_EMAIL_RULE },
  ]);
  if (wait > 0) throw tooManyRequests(wait);
  const mailGoesOut = hubSendsMail(config);
  // Before the address: whether it has an account must not change which answer a taken username gets.
  const chosenUsername = input.username?.trim().toLowerCase();
  if (chosenUsername && (await em.findOne(User, { username: chosenUsername }))) {
    throw conflict('This username is taken.', 'username');
  }
  // Hashed either way, so both answers cost the same argon2 work.
  const passwordHash = await hashSecret(input.password);
  const existing = await em.findOne(User, { email });
  if (existing) {
    if (!mailGoesOut) throw conflict('An account with this email already exists. Sign in instead.', 'email');
    if (existing.isActive) {
      notifyPerson(em, config, existing, 'identity.sign-up-attempted', signUpAttemptedMail, {
        link: `${config.publicUrl}/sign-in`,
      });
      await em.flush();
    }
    return null;
  }
  const username = chosenUsername || (await availableUsername(em, email));
  const user = em.create(User, {
    email,
    // Nothing proves the person controls this address until they open the link mailed to it.
    emailVerified: false,
    username,
    displayName: input.displayName?.trim() || null,
    ...(input.language ? { language: input.language } : {}),
    password: passwordHash,
  });
  options.onCreated?.(user);
  emitUserEvent(em, 'user.created', user);
  recordAccountChange(
    em,
    { actor: { id: user.id, email }, ip: info.ip, userAgent: info.userAgent },
    { action: 'user.signed-up', entityType: 'user', entityId: user.id, subjectUserId: user.id },
  );
  try {
    await queueEmailVerification(em, config, user);
    await em.flush();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two sign-ups racing for one address: the later one found the address taken after all, so it
    // gets the taken address's answer (a refusal here would tell a caller racing two requests
    // whether the address was new). Without mail, as above, a taken address is refused plainly.
    if (mailGoesOut && (error as { constraint?: unknown }).constraint === 'users_email_unique') return null;
    // Racing for one username: a plain refusal, not a 500; it says nothing about the address.
    throw conflict('Someone just signed up with this email or username. Try again.');
  }
  if (mailGoesOut) return null;
  return createSession(em, config, user, { ip: info.ip, userAgent: info.userAgent, method: 'password' });
}

export const INVITE_SECONDS = 7 * 86400;
export const RESET_SECONDS = 24 * 3600;
export const USER_TOKEN_PREFIX = 'acc_ut_';

/**
 * A one-time link that lets a person set a password: an invitation for a new account, or a reset.
 * The token sits in the URL fragment, which browsers never send to a server, so it reaches no log.
 * Earlier unused links of the same person stop working.
 */
export async function createPasswordLink(
  em: EntityManager,
  config: HubConfig,
  user: UserEntity,
  purpose: 'invite' | 'password-reset',
  options: { mailedTo?: string; flush?: boolean } = {},
): Promise<{ link: string; expiresAt: Date }> {
  const token = randomToken(32, USER_TOKEN_PREFIX);
  const expiresAt = new Date(Date.now() + (purpose === 'invite' ? INVITE_SECONDS : RESET_SECONDS) * 1000);
  // Only links that set a password supersede each other; a pending address confirmation stays.
  await em.nativeDelete(UserToken, {
    user: user.id,
    usedAt: null,
    purpose: { $in: ['invite', 'password-reset'] },
  });
  em.create(UserToken, {
    user,
    purpose,
    email: options.mailedTo ?? null,
    tokenHash: sha256(token),
    expiresAt,
  });
  if (options.flush !== false) await em.flush();
  return { link: `${config.publicUrl}/sign-in#set-password=${token}`, expiresAt };
}

/** Sets the password from a link, ends every session of the person, and signs them in here. */
export async function setPasswordWithToken(
  em: EntityManager,
  config: HubConfig,
  input: { token: string; password: string },
  info: SignInInfo,
) {
  requirePasswordScheme(config);
  const invalid = new HubError('BAD_INPUT', 'This link is not valid any more. Ask for a new one.', {
    fieldErrors: { token: ['This link is not valid any more. Ask for a new one.'] },
  });
  if (!input.token.startsWith(USER_TOKEN_PREFIX) || input.token.length > 128) throw invalid;
  const now = new Date();
  const claimed = await em.nativeUpdate(
    UserToken,
    {
      tokenHash: sha256(input.token),
      purpose: { $in: ['invite', 'password-reset'] },
      usedAt: null,
      expiresAt: { $gt: now },
    },
    { usedAt: now },
  );
  if (claimed !== 1) throw invalid;
  const row = await em.findOneOrFail(UserToken, { tokenHash: sha256(input.token) }, { populate: ['user'] });
  const user = row.user as UserEntity;
  if (!user.isActive) throw invalid;
  user.password = await hashSecret(input.password);
  // A link mailed to the account's address, opened: the person controls that address.
  if (row.email && row.email === user.email && !user.emailVerified) {
    user.emailVerified = true;
    emitUserEvent(em, 'user.updated', user);
  }
  if (row.purpose === 'password-reset') {
    notifyPerson(em, config, user, 'identity.password-changed', passwordChangedMail, {
      link: `${config.publicUrl}/security`,
    });
  }
  await em.flush();
  await revokeUserSessions(em, user.id);
  return createSession(em, config, user, { ip: info.ip, userAgent: info.userAgent, method: 'password' });
}

export interface AccountCredentials {
  authScheme: HubConfig['authScheme'];
  /** Whether the person has a password here (so the change form knows to ask for the current one). */
  hasPassword: boolean;
  /** Under fxa: where the person manages their Mozilla account (password, two-step, devices). */
  mozillaAccountUrl: string | null;
}

/** How the person proves who they are here; read by the dashboard's security page. */
export async function accountCredentials(
  em: EntityManager,
  config: HubConfig,
  userId: string,
): Promise<AccountCredentials> {
  const user = await em.findOneOrFail(User, { id: userId }, { populate: ['password'] });
  return {
    authScheme: config.authScheme,
    hasPassword: Boolean(user.password),
    // Mozilla's account settings live at /settings on the host that serves discovery.
    mozillaAccountUrl:
      config.authScheme === 'fxa' ? new URL('/settings', config.fxa.discoveryUrl).toString() : null,
  };
}

/**
 * "Forgot password?": tries are counted per address and per asked address, like sign-in. The answer
 * is the same whether or not an account uses the address (nothing here tells who has an account):
 * the work that differs, the link and its mail, is queued and sent later by the worker.
 */
export const RESET_REQUEST_ADDRESS_RULE: RateLimitRule = { limit: 10, windowSeconds: 15 * 60 };
export const RESET_REQUEST_EMAIL_RULE: RateLimitRule = { limit: 3, windowSeconds: 60 * 60 };

export async function requestPasswordReset(
  em: EntityManager,
  config: HubConfig,
  input: { email: string },
  info: { ip: string | null },
): Promise<{ accepted: true }> {
  requirePasswordScheme(config);
  const email = normalizeEmail(input.email);
  const wait = await countAttempt(em, [
    { key: `reset-request:${addressBucket(info.ip)}`, rule: RESET_REQUEST_ADDRESS_RULE },
    { key: `reset-request:email:${sha256(email).toString('hex')}`, rule: RESET_REQUEST_EMAIL_RULE },
  ]);
  if (wait > 0) throw tooManyRequests(wait);
  await em.transactional(async (tx) => {
    const user = await tx.findOne(User, { email, isActive: true });
    if (!user) return;
    const { link } = await createPasswordLink(tx, config, user, 'password-reset', {
      mailedTo: email,
      flush: false,
    });
    notifyPerson(tx, config, user, 'identity.password-reset', passwordResetMail, {
      link,
      hours: RESET_SECONDS / 3600,
      byStaff: false,
    });
  });
  return { accepted: true };
}
