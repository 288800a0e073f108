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
  userAgent?: string | null;
  via?: AuditVia | null;
}

/** The outside systems that change accounts on their own initiative. */
export type AuditVia = 'mozilla' | 'paddle';

/**
 * Who made a change and from where, as services receive it from a procedure (the signed-in
 * person or staff member, their address and browser) or from a webhook (no actor, `via`).
 */
export interface ChangeSource {
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
  via?: AuditVia | null;
}

/** A change nobody asked for through the hub: the CLI, a job, a test. */
export const SYSTEM_CHANGE: ChangeSource = { actor: null, ip: null, userAgent: null };

/** A change an outside system made (its webhook), with no person behind it on our side. */
export function changeVia(via: AuditVia): ChangeSource {
  return { actor: null, ip: null, userAgent: null, via };
}

/** Records a change to one person's account, by the source that made it. */
export function recordAccountChange(
  em: EntityManager,
  source: ChangeSource,
  record: Omit<AuditRecord, 'actor' | 'ip' | 'userAgent' | 'via' | 'subjectUserId'> & {
    subjectUserId: string;
  },
): void {
  recordAudit(em, {
    ...record,
    actor: source.actor,
    ip: source.ip,
    userAgent: source.userAgent,
    via: source.via ?? null,
  });
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
    // A header is the caller's to fill: kept short enough to show and to store.
    userAgent: record.userAgent?.slice(0, 512) ?? null,
    via: record.via ?? null,
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
