import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notifyPerson, User } from '../identity/index.ts';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { hashSecret } from '../kernel/crypto/argon2.ts';
import {
  badInput,
  conflict,
  type HubErrorReason,
  isUniqueViolation,
  notFound,
  preconditionFailed,
} from '../kernel/errors.ts';
import { isCleanText } from '../kernel/text-schemas.ts';
import { DirectoryAppPassword } from './entities.ts';
import { mailEntitlementsOf } from './entitlements.ts';
import { lockMailbox, requireMailbox } from './mailbox.ts';
import { appPasswordCreatedMail } from './notice-templates.ts';

export const APP_PASSWORD_LABEL_MAX = 64;

/** No 0/O, 1/l/I: people type these into phones. 32 symbols x 24 = 120 bits. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 6;

export function generateAppPassword(): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group += 1) {
    let chars = '';
    for (let index = 0; index < GROUP_LENGTH; index += 1) chars += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(chars);
  }
  return groups.join('-');
}

/** The secret Stalwart reads: `$app$<label>$<argon2id PHC>` (REFERENCE.md). */
export async function appPasswordSecret(label: string, password: string): Promise<string> {
  return `$app$${label}$${await hashSecret(password)}`;
}

export function checkLabel(
  input: string,
): { ok: true; label: string } | { ok: false; reason: string; code: HubErrorReason } {
  const label = input.trim();
  if (!label)
    return { ok: false, reason: 'Give the app password a name, such as "Phone".', code: 'required' };
  if (label.length > APP_PASSWORD_LABEL_MAX) {
    return { ok: false, reason: `Use at most ${APP_PASSWORD_LABEL_MAX} characters.`, code: 'too-long' };
  }
  if (label.includes('$')) {
    return { ok: false, reason: 'The $ sign cannot be used in a name.', code: 'dollar-sign' };
  }
  if (!isCleanText(label)) {
    return { ok: false, reason: 'Use printable characters only.', code: 'invalid-characters' };
  }
  return { ok: true, label };
}

export interface AppPasswordDto {
  id: string;
  label: string;
  createdAt: Date;
  /** Stalwart does not report sign-ins back to the hub, so this stays null unless something sets it. */
  lastUsedAt: Date | null;
}

export interface CreatedAppPassword extends AppPasswordDto {
  /** Shown once; only its argon2id hash is stored. */
  password: string;
}

export async function listAppPasswords(em: EntityManager, userId: string): Promise<AppPasswordDto[]> {
  const mailbox = await requireMailbox(em, userId);
  const rows = await em.find(
    DirectoryAppPassword,
    { name: mailbox.accountName },
    { orderBy: { createdAt: 'asc' } },
  );
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt ?? null,
  }));
}

/** Refuses one more app password when the plan's limit is reached or the label is in use. */
async function assertRoom(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  accountName: string,
  label: string,
) {
  const entitlements = await mailEntitlementsOf(em, config, userId);
  const limit = entitlements?.maxAppPasswords ?? 0;
  const existing = await em.find(DirectoryAppPassword, { name: accountName });
  if (existing.length >= limit) {
    throw limit === 0
      ? preconditionFailed('Your plan includes no app passwords.', 'not-included')
      : preconditionFailed(
          `Your plan allows ${limit} app passwords and you have ${existing.length}. Revoke one first.`,
          'limit-reached',
          { limit },
        );
  }
  if (existing.some((row) => row.label.toLowerCase() === label.toLowerCase())) {
    throw duplicateLabel(label);
  }
}

const duplicateLabel = (label: string) =>
  conflict(`You already have an app password named "${label}".`, 'label', 'duplicate');

export async function createAppPassword(
  em: EntityManager,
  config: HubConfig,
  userId: string,
  labelInput: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<CreatedAppPassword> {
  const checked = checkLabel(labelInput);
  if (!checked.ok) throw badInput(checked.reason, 'label', checked.code);
  const label = checked.label;
  // A quick refusal before the costly hash; the same check runs again under the lock.
  const mailbox = await requireMailbox(em, userId, { activeFor: 'creating an app password' });
  await assertRoom(em, config, userId, mailbox.accountName, label);
  const password = generateAppPassword();
  const secret = await appPasswordSecret(label, password);
  try {
    const row = await em.transactional(async (tx) => {
      const locked = await lockMailbox(tx, userId, { activeFor: 'creating an app password' });
      await assertRoom(tx, config, userId, locked.accountName, label);
      const created = tx.create(DirectoryAppPassword, { name: locked.accountName, label, secret });
      recordAccountChange(tx, source, {
        action: 'app-password.created',
        entityType: 'app_password',
        entityId: created.id,
        subjectUserId: userId,
        after: { label },
      });
      // Told by mail in the same commit: a password someone else made is how mail gets stolen.
      const person = await tx.findOneOrFail(User, { id: userId });
      notifyPerson(tx, config, person, 'mail.app-password-created', appPasswordCreatedMail, {
        label,
        link: `${config.publicUrl}/mail/app-passwords`,
      });
      await tx.flush();
      return created;
    });
    return { id: row.id, label: row.label, createdAt: row.createdAt, lastUsedAt: null, password };
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateLabel(label);
    throw error;
  }
}

export async function revokeAppPassword(
  em: EntityManager,
  userId: string,
  id: string,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<void> {
  const mailbox = await requireMailbox(em, userId);
  const row = await em.findOne(DirectoryAppPassword, { id, name: mailbox.accountName });
  if (!row) throw notFound('That app password');
  em.remove(row);
  recordAccountChange(em, source, {
    action: 'app-password.revoked',
    entityType: 'app_password',
    entityId: id,
    subjectUserId: userId,
    before: { label: row.label },
  });
  await em.flush();
}
