import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, recordAudit, snapshot } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { conflict, forbidden, notFound, preconditionFailed } from '../kernel/errors.ts';
import { hubSendsMail } from '../kernel/outgoing-mail/queue.ts';
import { toUserDto, type UserDto } from './dto.ts';
import { User, type UserEntity } from './entities.ts';
import type { SupportedLanguage } from './languages.ts';
import { accountCreatedMail, invitationMail, passwordResetMail } from './mail-templates.ts';
import { notifyPerson } from './notices.ts';
import { createPasswordLink, INVITE_SECONDS, RESET_SECONDS } from './passwords.ts';
import { revokeUserSessions } from './sessions.ts';
import { changeRoles, checkRoleChange, type StaffActor } from './staff-roles.ts';
import { availableUsername, emitUserEvent, normalizeEmail } from './users.ts';

export interface CreateUserInput {
  email: string;
  username?: string | undefined;
  displayName?: string | undefined;
  isStaff?: boolean | undefined;
  /** The language of the person's mail (the invitation first); English when left out. */
  language?: SupportedLanguage | undefined;
}

export interface CreatedUser {
  user: UserDto;
  /**
   * Under AUTH_SCHEME=password: the one-time invitation link, mailed to the person when the hub
   * sends mail (`mailedTo`), and shown once to staff either way, to hand over themselves when no
   * mail goes out or it does not arrive. Under fxa: null, the person signs in with Mozilla using
   * this email.
   */
  invitation: { link: string; expiresAt: Date; mailedTo: string | null } | null;
  /**
   * Where the person was told of their account, when the hub sends mail: the invitation under
   * password sign-in, a note to sign in with Mozilla under fxa. Null when nothing was mailed.
   */
  mailedTo: string | null;
}

const AUDITED = ['email', 'username', 'displayName'] as const;

export async function createUserByStaff(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  input: CreateUserInput,
  ip: string | null,
): Promise<CreatedUser> {
  if (input.isStaff) checkRoleChange(actor, { id: null, isSuperuser: false }, { isStaff: true });
  const email = normalizeEmail(input.email);
  if (await em.findOne(User, { email }))
    throw conflict('An account with this email already exists.', 'email');
  const username = input.username?.trim().toLowerCase() || (await availableUsername(em, email));
  if (await em.findOne(User, { username })) throw conflict('This username is taken.', 'username');
  return em.transactional(async (tx) => {
    const user = tx.create(User, {
      email,
      // Staff vouch for the address they type (and the invitation goes to it, or through them).
      emailVerified: true,
      username,
      displayName: input.displayName?.trim() || null,
      language: input.language ?? 'en',
    });
    emitUserEvent(tx, 'user.created', user);
    recordAudit(tx, {
      actor,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      subjectUserId: user.id,
      after: snapshot(user, AUDITED),
      ip,
    });
    if (input.isStaff) changeRoles(tx, actor, user, { isStaff: true }, ip);
    await tx.flush();
    if (config.authScheme !== 'password') {
      // Nothing secret to mail: the Mozilla account of the address is what opens the account.
      const told = notifyPerson(tx, config, user, 'identity.account-created', accountCreatedMail, {
        link: `${config.publicUrl}/sign-in`,
        asStaff: Boolean(input.isStaff),
      });
      await tx.flush();
      return { user: toUserDto(user), invitation: null, mailedTo: told ? email : null };
    }
    // Stored as its hash only (user_tokens); the link itself lives in the sealed mail body and in
    // this answer, never in a log line.
    const { link, expiresAt } = await createPasswordLink(tx, config, user, 'invite', {
      mailedTo: hubSendsMail(config) ? email : undefined,
      flush: false,
    });
    const queued = notifyPerson(tx, config, user, 'identity.invitation', invitationMail, {
      link,
      days: INVITE_SECONDS / 86400,
      asStaff: Boolean(input.isStaff),
    });
    await tx.flush();
    const mailedTo = queued ? email : null;
    return { user: toUserDto(user), invitation: { link, expiresAt, mailedTo }, mailedTo };
  });
}

/**
 * A one-time password reset link (the previous unused link stops working), shown once to staff to
 * hand over, and mailed to the person (`mailedTo`) when the hub sends mail and their address is
 * confirmed. An unconfirmed address may be a typo or someone else's: a link mailed there would
 * hand the account to whoever reads it (opening it would even confirm the address), so it goes
 * through staff only (decision 0074).
 */
export async function createResetLinkByStaff(
  em: EntityManager,
  config: HubConfig,
  actor: StaffActor,
  userId: string,
  ip: string | null,
): Promise<{ link: string; expiresAt: Date; mailedTo: string | null }> {
  if (config.authScheme !== 'password') {
    throw preconditionFailed('Passwords are managed by Mozilla accounts here; there is nothing to reset.');
  }
  const user = await findUser(em, userId);
  if ((user.isStaff || user.isSuperuser) && !actor.isSuperuser && user.id !== actor.id) {
    throw forbidden('Only superusers can reset the password of another staff member.');
  }
  // Not to a deactivated account: its link would be refused (setPasswordWithToken).
  const mailTo = hubSendsMail(config) && user.emailVerified && user.isActive ? user.email : undefined;
  return em.transactional(async (tx) => {
    // Stored as its hash only; the link lives in the sealed mail body and this answer.
    const { link, expiresAt } = await createPasswordLink(tx, config, user, 'password-reset', {
      mailedTo: mailTo,
      flush: false,
    });
    // In the person's own language (notifyPerson), like every message to them.
    const queued = mailTo
      ? notifyPerson(tx, config, user, 'identity.staff-password-reset', passwordResetMail, {
          link,
          hours: RESET_SECONDS / 3600,
          byStaff: true,
        })
      : null;
    const mailedTo = queued ? (mailTo ?? null) : null;
    recordAudit(tx, {
      actor,
      action: 'user.password-reset-link',
      entityType: 'user',
      entityId: user.id,
      subjectUserId: user.id,
      // Where the link went besides the staff member's screen: the log says who could use it.
      after: { mailedTo },
      ip,
    });
    await tx.flush();
    return { link, expiresAt, mailedTo };
  });
}

/** Staff ending all of a person's sessions (session.revoked goes out for each). */
export async function endUserSessionsByStaff(
  em: EntityManager,
  actor: Actor,
  userId: string,
  ip: string | null,
): Promise<{ endedSessions: number }> {
  const user = await findUser(em, userId);
  const endedSessions = await revokeUserSessions(em, user.id);
  recordAudit(em, {
    actor,
    action: 'user.sessions-ended',
    entityType: 'user',
    entityId: user.id,
    subjectUserId: user.id,
    after: { endedSessions },
    ip,
  });
  await em.flush();
  return { endedSessions };
}

async function findUser(em: EntityManager, userId: string): Promise<UserEntity> {
  const user = await em.findOne(User, { id: userId });
  if (!user) throw notFound('This user');
  return user;
}
