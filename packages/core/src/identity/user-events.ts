import type { UserEntity } from './entities.ts';

/** The `user` object of user.created / user.updated events (CONTRACTS.md, "Webhooks > Events"). */
export interface UserEventUser {
  id: string;
  email: string;
  username: string;
  displayName: string | null;
  avatarUrl: string | null;
  language: string;
  timezone: string;
  /** False while staff have deactivated the account (it cannot sign in). */
  isActive: boolean;
}

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
