import type { EntityManager } from '@mikro-orm/postgresql';
import { HubError } from '../kernel/errors.ts';
import type { ClientUserProfile, HubEventData, UserEventUser } from '../kernel/events/event-payloads.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import { User, type UserEntity } from './entities.ts';
import type { MozillaProfile } from './mozilla/client.ts';

export type { ClientUserProfile };

export function toClientUserProfile(user: UserEntity): ClientUserProfile {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerified,
    username: user.username,
    displayName: user.displayName ?? null,
    avatarUrl: user.avatarUrl ?? null,
    language: user.language,
    timezone: user.timezone,
  };
}

/** The person as user.* events and the client directory show them: the profile and `isActive`. */
export type ClientUser = UserEventUser;

export function toClientUser(user: UserEntity): ClientUser {
  return { ...toClientUserProfile(user), isActive: user.isActive };
}

export function emitUserEvent(
  em: EntityManager,
  type: 'user.created' | 'user.updated',
  user: UserEntity,
): void {
  emitEvent(em, {
    type,
    userId: user.id,
    data: { user: toClientUser(user) } satisfies HubEventData['user.updated'],
  });
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A free username from an email's local part: lower-case, [a-z0-9._-], numbered when taken. */
export async function availableUsername(em: EntityManager, email: string): Promise<string> {
  const base =
    normalizeEmail(email)
      .split('@')[0]!
      .replace(/[^a-z0-9._-]/g, '')
      .slice(0, 40) || 'user';
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = attempt === 0 ? base : `${base}${attempt + 1}`;
    if (!(await em.findOne(User, { username: candidate }))) return candidate;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Mozilla's locale ("en-US,en;q=0.5" or "de") to a language code we store. */
function languageOf(locale: string | null | undefined): string | null {
  const first = locale?.split(',')[0]?.trim();
  return first && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(first) ? first : null;
}

/**
 * Whether a new person with this address may come into being (SIGNUP_MODE and the allow-list).
 * Identity asks; the layer that knows the allow-list (clients, through orchestration) answers.
 * Required wherever a person is created on their own initiative, so no such path can forget it.
 */
export type SignupGate = (email: string) => Promise<boolean>;

/** A new person refused by the sign-up gate; the dashboard explains it on its own page. */
export function signupNotAllowed(email: string): HubError {
  return new HubError('FORBIDDEN', `${email} may not create an account here yet.`, {
    reason: 'signup-not-allowed',
    reasonParams: { email },
  });
}

/**
 * The user behind a Mozilla profile: by uid, else by email (attaching the uid), else a new one if
 * `admit` lets the address in (else signupNotAllowed). A changed email is kept in last_used_email;
 * name and avatar follow Mozilla.
 */
export async function upsertMozillaUser(
  em: EntityManager,
  profile: MozillaProfile,
  admit: SignupGate,
): Promise<{ user: UserEntity; created: boolean }> {
  if (!profile.email) throw new HubError('BAD_INPUT', 'Mozilla accounts did not share an email address.');
  const email = normalizeEmail(profile.email);
  let user = await em.findOne(User, { fxaId: profile.uid });
  let created = false;
  if (!user) {
    user = await em.findOne(User, { email, fxaId: null });
    if (user) user.fxaId = profile.uid;
  }
  if (!user) {
    if (!(await admit(email))) throw signupNotAllowed(email);
    user = em.create(User, {
      email,
      fxaId: profile.uid,
      emailVerified: true,
      username: await availableUsername(em, email),
      displayName: profile.displayName ?? null,
      avatarUrl: profile.avatarDefault ? null : (profile.avatar ?? null),
      language: languageOf(profile.locale) ?? 'en',
    });
    created = true;
    emitUserEvent(em, 'user.created', user);
  } else if (applyMozillaProfile(user, profile)) {
    emitUserEvent(em, 'user.updated', user);
  }
  return { user, created };
}

/** Copies what Mozilla owns (email, name, avatar) onto the user; true when something apps see changed. */
export function applyMozillaProfile(user: UserEntity, profile: MozillaProfile): boolean {
  const before = JSON.stringify(toClientUserProfile(user));
  if (profile.email) {
    const email = normalizeEmail(profile.email);
    if (email !== user.email) {
      user.lastUsedEmail = user.email;
      user.email = email;
    }
    // Mozilla accounts share only an address they have confirmed (an account signed up here with a
    // password becomes verified when Mozilla confirms the same address).
    user.emailVerified = true;
  }
  if (profile.displayName !== undefined) user.displayName = profile.displayName ?? null;
  if (profile.avatar !== undefined) user.avatarUrl = profile.avatarDefault ? null : (profile.avatar ?? null);
  return JSON.stringify(toClientUserProfile(user)) !== before;
}
