import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Page, pageWindow } from '../paging.ts';
import { AuditEntry } from './entities.ts';

export interface AuditEntryDto {
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  subjectUserId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditQuery {
  actorId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Exact action, or a prefix ending in `.` (e.g. `client.` for every client change). */
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

/** The audit log, newest first. */
export async function listAuditEntries(em: EntityManager, query: AuditQuery): Promise<Page<AuditEntryDto>> {
  const where: FilterQuery<InferEntity<typeof AuditEntry>> & Record<string, unknown> = {};
  if (query.actorId) where.actorId = query.actorId;
  if (query.entityType) where.entityType = query.entityType;
  if (query.entityId) where.entityId = query.entityId;
  if (query.action) {
    where.action = query.action.endsWith('.')
      ? { $like: `${query.action.replace(/[\\%_]/g, (match) => `\\${match}`)}%` }
      : query.action;
  }
  if (query.from || query.to) {
    where.createdAt = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) };
  }
  const [entries, total] = await em.findAndCount(AuditEntry, where, {
    ...pageWindow(query),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return {
    items: entries.map((entry) => ({
      id: entry.id,
      createdAt: entry.createdAt,
      actorId: entry.actorId ?? null,
      actorEmail: entry.actorEmail ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      ip: entry.ip ?? null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
