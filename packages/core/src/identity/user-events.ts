import type { UserEntity } from './entities.ts';

/** The `user` object of user.created / user.updated events (see CONTRACTS: outbox payloads). */
export function userEventData(user: UserEntity): { user: Record<string, unknown> } {
  return {
    user: {
      id: user.id,
      email: user.email,
      username: user.username,
      displayName: user.displayName ?? null,
      avatarUrl: user.avatarUrl ?? null,
      language: user.language,
      timezone: user.timezone,
    },
  };
}
