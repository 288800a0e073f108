// The audit log's URL state and query, shared by its route (src/router.tsx) and its page.
import { definedOnly, pageParam, textParam } from '../../lib/search-params.ts';
import { wallTimeToInstant } from '../../lib/zoned-time.ts';

export const STAFF_AUDIT_PAGE_SIZE = 20;

export interface StaffAuditSearch {
  /** An email address or a user id. */
  actor?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Wall-clock times in the staff member's time zone (datetime-local format). */
  from?: string;
  to?: string;
  page?: number;
}

export function validateStaffAuditSearch(search: Record<string, unknown>): StaffAuditSearch {
  return definedOnly({
    actor: textParam(search.actor, 254),
    entityType: textParam(search.entityType, 100),
    entityId: textParam(search.entityId, 100),
    action: textParam(search.action, 100),
    from: textParam(search.from, 16),
    to: textParam(search.to, 16),
    page: pageParam(search.page),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit log query for the page's search params: the actor is an id or an address, and the
 * time range is read in the staff member's time zone. Used by the route loader and the page, so
 * both ask for exactly the same query.
 */
export function auditListInput(search: StaffAuditSearch, timeZone: string, pageSize: number) {
  const actor = search.actor?.trim();
  const from = search.from ? wallTimeToInstant(search.from, timeZone) : null;
  const to = search.to ? wallTimeToInstant(search.to, timeZone) : null;
  return {
    ...(actor ? (UUID.test(actor) ? { actorId: actor.toLowerCase() } : { actorEmail: actor }) : {}),
    ...(search.entityType ? { entityType: search.entityType } : {}),
    ...(search.entityId ? { entityId: search.entityId } : {}),
    ...(search.action ? { action: search.action } : {}),
    ...(from ? { from } : {}),
    // The range's end is the whole minute typed: entries during that minute are included.
    ...(to ? { to: new Date(to.getTime() + 60_000) } : {}),
    page: search.page ?? 1,
    pageSize,
  };
}
