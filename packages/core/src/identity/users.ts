import type { EntityManager } from '@mikro-orm/postgresql';
import { changeVia, recordAccountChange, snapshot } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { publishDomainEvent } from '../kernel/domain-events.ts';
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

declare module '../kernel/domain-events.ts' {
  interface DomainEvents {
    /** A person's display name changed (mail keeps the mailbox's directory description equal). */
    'identity.display-name-changed': { userId: string; displayName: string | null };
  }
}

/** Tells the layers that keep a copy of the display name, in the caller's transaction. */
export function publishDisplayName(em: EntityManager, config: HubConfig, user: UserEntity): Promise<void> {
  return publishDomainEvent(em, config, 'identity.display-name-changed', {
    userId: user.id,
    displayName: user.displayName ?? null,
  });
}

/**
 * The user behind a Mozilla profile: by uid, else by email (attaching the uid), else a new one if
 * `admit` lets the address in (else signupNotAllowed). A changed email is kept in last_used_email;
 * name and avatar follow Mozilla as far as Mozilla owns them (followMozillaProfile).
 */
export async function upsertMozillaUser(
  em: EntityManager,
  config: HubConfig,
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
    recordAccountChange(em, changeVia('mozilla'), {
      action: 'user.signed-up',
      entityType: 'user',
      entityId: user.id,
      subjectUserId: user.id,
    });
  } else {
    const before = snapshot(user, MOZILLA_FIELDS);
    if (await followMozillaProfile(em, config, user, profile)) recordMozillaProfileChange(em, user, before);
  }
  return { user, created };
}

/** What Mozilla's profile may change, as the account history records it. */
export const MOZILLA_FIELDS = ['email', 'displayName', 'avatarUrl'] as const;

/** Records what a Mozilla profile changed, given the snapshot of MOZILLA_FIELDS taken before. */
export function recordMozillaProfileChange(
  em: EntityManager,
  user: UserEntity,
  before: Record<string, unknown>,
): void {
  const after = snapshot(user, MOZILLA_FIELDS);
  const keys = Object.keys(after).filter((key) => before[key] !== after[key]);
  if (keys.length === 0) return;
  recordAccountChange(em, changeVia('mozilla'), {
    action: 'profile.updated',
    entityType: 'user',
    entityId: user.id,
    subjectUserId: user.id,
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  });
}

/**
 * Copies what Mozilla owns onto the person (applyMozillaProfile); when that changed what apps see,
 * user.updated goes out, and a new display name reaches its other copies (the mail directory).
 * True when something changed. The caller flushes.
 */
export async function followMozillaProfile(
  em: EntityManager,
  config: HubConfig,
  user: UserEntity,
  profile: MozillaProfile,
): Promise<boolean> {
  const nameBefore = user.displayName ?? null;
  if (!applyMozillaProfile(user, profile)) return false;
  if ((user.displayName ?? null) !== nameBefore) await publishDisplayName(em, config, user);
  emitUserEvent(em, 'user.updated', user);
  return true;
}

/**
 * Copies what Mozilla owns onto the user: the email and the avatar always, the display name only
 * until the person set their own here (displayNameEditedAt; decision 0062). True when something
 * apps see changed.
 */
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
  if (profile.displayName !== undefined && !user.displayNameEditedAt) {
    user.displayName = profile.displayName ?? null;
  }
  if (profile.avatar !== undefined) user.avatarUrl = profile.avatarDefault ? null : (profile.avatar ?? null);
  return JSON.stringify(toClientUserProfile(user)) !== before;
}
