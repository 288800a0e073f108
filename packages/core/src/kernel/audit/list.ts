import type { FilterQuery, InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../db/runner.ts';
import { escapeLike, sql } from '../db/sql.ts';
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
  /** The address recorded with each entry (addresses are stored in lower case). */
  actorEmail?: string | undefined;
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
  if (query.actorEmail) where.actorEmail = query.actorEmail.trim().toLowerCase();
  if (query.entityType) where.entityType = query.entityType;
  if (query.entityId) where.entityId = query.entityId;
  if (query.action) {
    where.action = query.action.endsWith('.') ? { $like: `${escapeLike(query.action)}%` } : query.action;
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

export interface AuditFilterOptions {
  entityTypes: string[];
  actions: string[];
}

/** The distinct entity types and actions in the log, sorted. */
export async function auditFilterOptions(em: EntityManager): Promise<AuditFilterOptions> {
  const [entityTypes, actions] = await Promise.all([
    query<{ value: string }>(em, sql`select distinct entity_type as value from audit_entries`),
    query<{ value: string }>(em, sql`select distinct action as value from audit_entries`),
  ]);
  return {
    // Sorted here, not by the database's collation, so the order is the same everywhere.
    entityTypes: entityTypes.map((row) => row.value).sort(),
    actions: actions.map((row) => row.value).sort(),
  };
}
