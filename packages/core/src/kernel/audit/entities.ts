import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base-properties.ts';

/** Who changed what and when, with the before and after state; kept when the actor is deleted. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entries',
  indexes: [{ properties: ['entityType', 'entityId'] }, { properties: ['createdAt'] }],
  properties: {
    ...baseProperties,
    actorId: p.uuid().nullable().index(),
    actorEmail: p.string().nullable(),
    action: p.string(),
    entityType: p.string(),
    entityId: p.string().nullable(),
    /** The user the change concerns, for "audit entries about me" in the data export. */
    subjectUserId: p.uuid().nullable().index(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    ip: p.string().nullable(),
    /** The browser or app the change came from (its User-Agent), for the person's activity page. */
    userAgent: p.text().nullable(),
    /** For changes no person made: the outside system that caused them (mozilla, paddle). */
    via: p.string().nullable(),
  },
});
