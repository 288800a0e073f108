// The subscriptions list's URL state and query, shared by its route (src/router.tsx) and its page.
import { definedOnly, oneOfParam, pageParam, rawTextParam } from '../../lib/search-params.ts';

/** The page size of the billing lists (subscriptions and Paddle events). */
export const STAFF_BILLING_PAGE_SIZE = 25;
export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'paused', 'canceled'] as const;

export interface StaffSubscriptionsSearch {
  q?: string;
  status?: (typeof SUBSCRIPTION_STATUSES)[number];
  flagged?: boolean;
  page?: number;
}

export function validateStaffSubscriptionsSearch(search: Record<string, unknown>): StaffSubscriptionsSearch {
  return definedOnly({
    q: rawTextParam(search.q, 255),
    status: oneOfParam(search.status, SUBSCRIPTION_STATUSES),
    flagged: search.flagged === true || search.flagged === 'true' ? true : undefined,
    page: pageParam(search.page),
  });
}

export function staffSubscriptionsInput(search: StaffSubscriptionsSearch) {
  return {
    ...(search.q ? { search: search.q } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.flagged ? { flagged: true } : {}),
    limit: STAFF_BILLING_PAGE_SIZE,
    offset: ((search.page ?? 1) - 1) * STAFF_BILLING_PAGE_SIZE,
  };
}
