import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE, snapshot } from '../kernel/audit/audit.ts';
import { type ProfileUpdateInput, profileUpdateSchema } from './account-schemas.ts';
import { toUserDto, type UserDto } from './dto.ts';
import { User } from './entities.ts';
import { emitUserEvent } from './users.ts';

const PROFILE_FIELDS = ['displayName', 'language', 'timezone'] as const;

/** Only the fields that differ, so the history says what changed rather than everything. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = Object.keys(after).filter((key) => before[key] !== after[key]);
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  };
}

/**
 * Changes a person's own display name, language and time zone. The avatar comes from Mozilla
 * Accounts and is not theirs to set here. Emits user.updated in the same flush when anything
 * changed, so client apps hear about exactly the changes that were saved.
 */
export async function updateProfile(
  em: EntityManager,
  userId: string,
  input: ProfileUpdateInput,
  source: ChangeSource = SYSTEM_CHANGE,
): Promise<UserDto> {
  const changes = profileUpdateSchema.parse(input);
  const user = await em.findOneOrFail(User, { id: userId });
  const displayName = changes.displayName === '' ? null : changes.displayName;
  const changed =
    (user.displayName ?? null) !== displayName ||
    user.language !== changes.language ||
    user.timezone !== changes.timezone;
  if (changed) {
    const before = snapshot(user, PROFILE_FIELDS);
    user.displayName = displayName;
    user.language = changes.language;
    user.timezone = changes.timezone;
    emitUserEvent(em, 'user.updated', user);
    recordAccountChange(em, source, {
      action: 'profile.updated',
      entityType: 'user',
      entityId: user.id,
      subjectUserId: user.id,
      ...changedFields(before, snapshot(user, PROFILE_FIELDS)),
    });
    await em.flush();
  }
  return toUserDto(user);
}
