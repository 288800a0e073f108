// The German catalogue, loaded on demand. Mirrors ../en/index.ts file by file.
import type { Catalogue } from '../en/index.ts';
import { common } from './common.ts';
import { overview } from './overview.ts';
import { privacy } from './privacy.ts';
import { profile } from './profile.ts';
import { security } from './security.ts';
import { signIn } from './sign-in.ts';
import { staffAccounts } from './staff-accounts.ts';
import { staffUsers } from './staff-users.ts';

export const de: Catalogue = {
  ...common,
  ...overview,
  ...profile,
  ...privacy,
  ...staffUsers,
  ...signIn,
  ...security,
  ...staffAccounts,
};
