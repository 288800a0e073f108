// The English catalogue: the fallback, shipped in the first bundle. Each area keeps its keys in
// its own file (prefix = area); add the file here and its German twin in ../de/index.ts.
import { common } from './common.ts';
import { overview } from './overview.ts';
import { privacy } from './privacy.ts';
import { profile } from './profile.ts';
import { staffBilling } from './staff-billing.ts';
import { staffUsers } from './staff-users.ts';
import { subscription } from './subscription.ts';

export const en = {
  ...common,
  ...overview,
  ...profile,
  ...privacy,
  ...staffUsers,
  ...subscription,
  ...staffBilling,
};

export type MessageKey = keyof typeof en;
/** A complete catalogue: every language must have every key (the type checker enforces it). */
export type Catalogue = Record<MessageKey, string>;
