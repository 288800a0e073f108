import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './entities.ts';

export interface UserAuditEntryDto {
  id: string;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  /** Who made the change, as the person may see it: themselves, staff, or the system. */
  actor: 'self' | 'staff' | 'system';
  /** Staff see who it was; the person's own export does not name staff members. */
  actorEmail: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Only the person's own address; a staff member's IP is not theirs to see. */
  ip: string | null;
  /** The browser or app of the change, under the same rule as `ip`. */
  userAgent: string | null;
  /** For system changes: the outside system that made them (mozilla, paddle). */
  via: string | null;
}

/** Audit entries about one person, newest first. */
export async function auditEntriesAboutUser(
  em: EntityManager,
  userId: string,
  options: { limit?: number; forStaff?: boolean } = {},
): Promise<UserAuditEntryDto[]> {
  const entries = await em.find(
    AuditEntry,
    { subjectUserId: userId },
    { orderBy: { createdAt: 'desc', id: 'desc' }, ...(options.limit ? { limit: options.limit } : {}) },
  );
  return entries.map((entry) => {
    const actor = entry.actorId === null ? 'system' : entry.actorId === userId ? 'self' : 'staff';
    return {
      id: entry.id,
      at: entry.createdAt,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      actor,
      actorEmail: options.forStaff ? (entry.actorEmail ?? null) : null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: options.forStaff || actor === 'self' ? (entry.ip ?? null) : null,
      userAgent: options.forStaff || actor === 'self' ? (entry.userAgent ?? null) : null,
      via: entry.via ?? null,
    };
  });
}
