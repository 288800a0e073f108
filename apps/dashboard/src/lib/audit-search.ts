import type { StaffAuditSearch } from '../router.tsx';
import { wallTimeToInstant } from './zoned-time.ts';

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
