import type { UserEventUser } from '../kernel/events/event-payloads.ts';
import type { UserEntity } from './entities.ts';

export function userEventData(user: UserEntity): { user: UserEventUser } {
  return {
    user: {
      id: user.id,
      email: user.email,
      username: user.username,
      displayName: user.displayName ?? null,
      avatarUrl: user.avatarUrl ?? null,
      language: user.language,
      timezone: user.timezone,
      isActive: user.isActive,
    },
  };
}
