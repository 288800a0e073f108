import type { UserEntity } from './entities.ts';
import type { SessionUser } from './session-lookup.ts';

/** What the API says about a person: never the password hash or the Mozilla tokens. */
export interface UserDto {
  id: string;
  email: string;
  /** False until the person opened the link mailed to the address (password sign-up, address change). */
  emailVerified: boolean;
  username: string;
  displayName: string | null;
  /**
   * Who owns the display name (decision 0062): `mozilla` while a Mozilla account's sign-ins keep
   * it, `person` once they set it here (or always, without a Mozilla account).
   */
  displayNameSource: 'mozilla' | 'person';
  avatarUrl: string | null;
  language: string;
  timezone: string;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  hasMozillaAccount: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
}

export function toUserDto(user: UserEntity | SessionUser): UserDto {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerified,
    username: user.username,
    displayName: user.displayName ?? null,
    displayNameSource: user.fxaId && !user.displayNameEditedAt ? 'mozilla' : 'person',
    avatarUrl: user.avatarUrl ?? null,
    language: user.language,
    timezone: user.timezone,
    isStaff: user.isStaff || user.isSuperuser,
    isSuperuser: user.isSuperuser,
    isActive: user.isActive,
    hasMozillaAccount: Boolean(user.fxaId),
    dateJoined: user.dateJoined,
    lastLogin: user.lastLogin ?? null,
  };
}
