import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChangeSource, recordAccountChange, SYSTEM_CHANGE, snapshot } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { type ProfileUpdateInput, profileUpdateSchema } from './account-schemas.ts';
import { toUserDto, type UserDto } from './dto.ts';
import { User } from './entities.ts';
import { emitUserEvent, publishDisplayName } from './users.ts';

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
 * Accounts and is not theirs to set here. A display name saved here becomes the person's: later
 * Mozilla sign-ins and profile events no longer replace it (decision 0062), and its copy in the
 * mail directory follows in the same transaction. Emits user.updated in the same flush when
 * anything changed, so client apps hear about exactly the changes that were saved.
 */
export async function updateProfile(
  em: EntityManager,
  config: HubConfig,
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
    if ((user.displayName ?? null) !== displayName) {
      user.displayName = displayName;
      user.displayNameEditedAt = new Date();
      await publishDisplayName(em, config, user);
    }
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
