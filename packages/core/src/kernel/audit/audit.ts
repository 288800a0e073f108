import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './entities.ts';

export interface Actor {
  id: string;
  email: string;
}

export interface AuditRecord {
  actor: Actor | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The person the change is about, so it shows in their data export. */
  subjectUserId?: string | null;
  /** Plain, secret-free snapshots of the state before and after the change. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ip?: string | null;
}

/** Records a change in the audit log; persisted with the change itself on the next flush. */
export function recordAudit(em: EntityManager, record: AuditRecord): void {
  em.create(AuditEntry, {
    actorId: record.actor?.id ?? null,
    actorEmail: record.actor?.email ?? null,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId ?? null,
    subjectUserId: record.subjectUserId ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    ip: record.ip ?? null,
  });
}

/** Picks the named fields of an entity into a JSON-safe snapshot for before/after. */
export function snapshot<T extends object, K extends keyof T>(
  entity: T,
  fields: readonly K[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = entity[field];
    out[field as string] =
      value instanceof Date
        ? value.toISOString()
        : value && typeof value === 'object' && 'id' in value
          ? value.id
          : value;
  }
  return out;
}
