// The English catalogue: the fallback, shipped in the first bundle. Each area keeps its keys in
// its own file (prefix = area); add the file here and its German twin in ../de/index.ts.
import { common } from './common.ts';
import { overview } from './overview.ts';
import { privacy } from './privacy.ts';
import { profile } from './profile.ts';
import { security } from './security.ts';
import { signIn } from './sign-in.ts';
import { staffAccounts } from './staff-accounts.ts';
import { staffUsers } from './staff-users.ts';

export const en = {
  ...common,
  ...overview,
  ...profile,
  ...privacy,
  ...staffUsers,
  ...signIn,
  ...security,
  ...staffAccounts,
};

export type MessageKey = keyof typeof en;
/** A complete catalogue: every language must have every key (the type checker enforces it). */
export type Catalogue = Record<MessageKey, string>;
