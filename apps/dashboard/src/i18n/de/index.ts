// The German catalogue, loaded on demand. Mirrors ../en/index.ts file by file.
import type { Catalogue } from '../en/index.ts';
import { common } from './common.ts';
import { overview } from './overview.ts';
import { privacy } from './privacy.ts';
import { profile } from './profile.ts';
import { staffBilling } from './staff-billing.ts';
import { staffUsers } from './staff-users.ts';
import { subscription } from './subscription.ts';

export const de: Catalogue = {
  ...common,
  ...overview,
  ...profile,
  ...privacy,
  ...staffUsers,
  ...subscription,
  ...staffBilling,
};
