import type { EntityManager } from '@mikro-orm/postgresql';
import { deviceParts } from '../../identity/index.ts';
import { auditEntriesAboutUser, type UserAuditEntryDto } from '../../kernel/audit/user-entries.ts';

/**
 * One change to a person's account as the Account activity page, the data export and the staff
 * user page show it. `action` is a stable identifier the dashboard turns into words; `details`
 * carries the few plain values those words need (an address, a label, the fields changed).
 */
export interface ActivityEntryDto {
  id: string;
  at: Date;
  action: string;
  /** Who made the change: the person, staff, Mozilla (their Mozilla account), Paddle, or the hub. */
  by: 'you' | 'staff' | 'mozilla' | 'paddle' | 'system';
  /** The staff member's address: staff see it, the person does not. */
  staffEmail: string | null;
  /** The browser and operating system the change came from, read from its User-Agent. */
  browser: string | null;
  system: string | null;
  /** The User-Agent itself, for the export and for staff. */
  userAgent: string | null;
  ip: string | null;
  details: Record<string, string | number | boolean | null>;
}

const DETAIL_KEYS = [
  'label',
  'address',
  'domain',
  'count',
  'plan',
  'status',
  'endsAt',
  'reason',
  'catchAll',
  'endedSessions',
] as const;

function detailsOf(entry: UserAuditEntryDto): ActivityEntryDto['details'] {
  const details: ActivityEntryDto['details'] = {};
  const source = { ...(entry.before ?? {}), ...(entry.after ?? {}) };
  for (const key of DETAIL_KEYS) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      details[key] = value;
    }
  }
  if (entry.action === 'profile.updated') {
    // Which fields changed, not their values: the page says "display name, language".
    details.fields = Object.keys(entry.after ?? {}).join(',');
  }
  const signedOut = entry.before?.userAgent;
  if (entry.action === 'session.revoked' && typeof signedOut === 'string') {
    const { browser, system } = deviceParts(signedOut);
    if (browser) details.browser = browser;
    if (system) details.system = system;
  }
  return details;
}

function byOf(entry: UserAuditEntryDto): ActivityEntryDto['by'] {
  if (entry.actor === 'self') return 'you';
  if (entry.actor === 'staff') return 'staff';
  return entry.via === 'mozilla' || entry.via === 'paddle' ? entry.via : 'system';
}

/** The changes made to one person's account, newest first. */
export async function accountActivity(
  em: EntityManager,
  userId: string,
  options: { forStaff?: boolean; limit?: number } = {},
): Promise<ActivityEntryDto[]> {
  const entries = await auditEntriesAboutUser(em, userId, {
    limit: options.limit ?? 200,
    forStaff: options.forStaff ?? false,
  });
  return entries.map((entry) => ({
    id: entry.id,
    at: entry.at,
    action: entry.action,
    by: byOf(entry),
    staffEmail: entry.actorEmail,
    ...deviceParts(entry.userAgent),
    userAgent: entry.userAgent,
    ip: entry.ip,
    details: detailsOf(entry),
  }));
}
