import type { UserEventUser } from '../kernel/events/event-payloads.ts';
import type { UserEntity } from './entities.ts';

/**
 * The person as client apps see them: the `user` of user.* events and the directory's answers
 * (CONTRACTS.md). The one projection of a person for apps; the token exchange's profile is this
 * without `isActive` (toClientUserProfile in users.ts), because a deactivated person cannot sign
 * in to be exchanged. The hub's own view (UserDto, dto.ts) differs on purpose: it carries staff
 * flags and dates that apps are never told.
 */
export function toClientUser(user: UserEntity): UserEventUser {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    displayName: user.displayName ?? null,
    avatarUrl: user.avatarUrl ?? null,
    language: user.language,
    timezone: user.timezone,
    isActive: user.isActive,
  };
}

export function userEventData(user: UserEntity): { user: UserEventUser } {
  return { user: toClientUser(user) };
}
