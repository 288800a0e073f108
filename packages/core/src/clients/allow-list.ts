import type { InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { conflict, isUniqueViolation, notFound } from '../kernel/errors.ts';
import { type Page, pageWindow } from '../kernel/paging.ts';
import { AllowListEntry } from './entities.ts';
import type { StaffChange } from './registry.ts';

export interface AllowListEntryDto {
  id: string;
  pattern: string;
  note: string | null;
  createdAt: Date;
}

function toDto(entry: InferEntity<typeof AllowListEntry>): AllowListEntryDto {
  return { id: entry.id, pattern: entry.pattern, note: entry.note ?? null, createdAt: entry.createdAt };
}

export type SignupDecision =
  | { allowed: true; reason: 'open-signup' | 'email' | 'domain' }
  | { allowed: false; reason: 'not-listed' | 'signup-closed' };

/**
 * May this address become a new person? SIGNUP_MODE decides: `open`, everyone; `closed`, nobody;
 * `allow-list`, when the exact address or its `@domain` is on the allow list. The one answer for
 * every way an account comes into being (Mozilla sign-in, password sign-up, a client app asking).
 */
export async function checkSignupAllowed(
  em: EntityManager,
  config: HubConfig,
  email: string,
): Promise<SignupDecision> {
  if (config.signupMode === 'open') return { allowed: true, reason: 'open-signup' };
  if (config.signupMode === 'closed') return { allowed: false, reason: 'signup-closed' };
  return isAllowListed(em, email);
}

export async function isAllowListed(em: EntityManager, email: string): Promise<SignupDecision> {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const domain = at > 0 ? address.slice(at) : null;
  const entries = await em.find(AllowListEntry, {
    pattern: { $in: domain ? [address, domain] : [address] },
  });
  if (entries.some((entry) => entry.pattern === address)) return { allowed: true, reason: 'email' };
  if (entries.length > 0) return { allowed: true, reason: 'domain' };
  return { allowed: false, reason: 'not-listed' };
}

export async function listAllowList(
  em: EntityManager,
  query: { search?: string | undefined; page: number; pageSize: number },
): Promise<Page<AllowListEntryDto>> {
  const search = query.search?.trim().toLowerCase();
  const [entries, total] = await em.findAndCount(
    AllowListEntry,
    search ? { pattern: { $like: `%${search.replace(/[\\%_]/g, (match) => `\\${match}`)}%` } } : {},
    { ...pageWindow(query), orderBy: { pattern: 'asc' } },
  );
  return { items: entries.map(toDto), total, page: query.page, pageSize: query.pageSize };
}

export async function addAllowListEntry(
  em: EntityManager,
  by: StaffChange,
  input: { pattern: string; note?: string | null | undefined },
): Promise<AllowListEntryDto> {
  const taken = () => conflict(`${input.pattern} is already on the allow list.`, 'pattern');
  if (await em.findOne(AllowListEntry, { pattern: input.pattern })) throw taken();
  const entry = em.create(AllowListEntry, { pattern: input.pattern, note: input.note ?? null });
  recordAudit(em, {
    ...by,
    action: 'allow-list.add',
    entityType: 'AllowListEntry',
    entityId: entry.id,
    after: { pattern: entry.pattern, note: entry.note ?? null },
  });
  try {
    await em.flush();
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
  return toDto(entry);
}

export async function removeAllowListEntry(em: EntityManager, by: StaffChange, id: string): Promise<void> {
  const entry = await em.findOne(AllowListEntry, id);
  if (!entry) throw notFound('The allow-list entry');
  recordAudit(em, {
    ...by,
    action: 'allow-list.remove',
    entityType: 'AllowListEntry',
    entityId: entry.id,
    before: { pattern: entry.pattern, note: entry.note ?? null },
  });
  em.remove(entry);
  await em.flush();
}
