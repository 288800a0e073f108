import type { EntityManager } from '@mikro-orm/postgresql';
import { type ProfileUpdateInput, profileUpdateSchema } from './account-schemas.ts';
import { toUserDto, type UserDto } from './dto.ts';
import { User } from './entities.ts';
import { emitUserEvent } from './users.ts';

/**
 * Changes a person's own display name, language and time zone. The avatar comes from Mozilla
 * Accounts and is not theirs to set here. Emits user.updated in the same flush when anything
 * changed, so client apps hear about exactly the changes that were saved.
 */
export async function updateProfile(
  em: EntityManager,
  userId: string,
  input: ProfileUpdateInput,
): Promise<UserDto> {
  const changes = profileUpdateSchema.parse(input);
  const user = await em.findOneOrFail(User, { id: userId });
  const displayName = changes.displayName === '' ? null : changes.displayName;
  const changed =
    (user.displayName ?? null) !== displayName ||
    user.language !== changes.language ||
    user.timezone !== changes.timezone;
  if (changed) {
    user.displayName = displayName;
    user.language = changes.language;
    user.timezone = changes.timezone;
    emitUserEvent(em, 'user.updated', user);
    await em.flush();
  }
  return toUserDto(user);
}
