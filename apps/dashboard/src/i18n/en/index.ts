// The English catalogue: the fallback, shipped in the first bundle — except the staff pages' text
// (./staff.ts), which loads with them, so people never download it. Each area keeps its keys in its
// own file (prefix = area); add the file here or in ./staff.ts, and its German twin in ../de/index.ts.

import { activity } from './activity.ts';
import { common } from './common.ts';
import { labels } from './labels.ts';
import { mail } from './mail.ts';
import { overview } from './overview.ts';
import { privacy } from './privacy.ts';
import { profile } from './profile.ts';
import { reasons } from './reasons.ts';
import { security } from './security.ts';
import { signIn } from './sign-in.ts';
import type { enStaff } from './staff.ts';
import { subscription } from './subscription.ts';

export const en = {
  ...common,
  ...activity,
  ...overview,
  ...profile,
  ...privacy,
  ...mail,
  ...subscription,
  ...signIn,
  ...security,
  ...reasons,
  ...labels,
};

export type MessageKey = keyof typeof en | keyof typeof enStaff;
/** A complete catalogue: every language must have every key (the type checker enforces it). */
export type Catalogue = Record<MessageKey, string>;
