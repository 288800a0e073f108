// The Paddle events list's URL state and queries, shared by the routes (src/router.tsx) and the
// pages that list events (the events list and a subscription's page).
import { definedOnly, oneOfParam, pageParam, rawTextParam } from '../../lib/search-params.ts';
import { STAFF_BILLING_PAGE_SIZE } from './subscriptions-search.ts';

export const PADDLE_EVENT_STATUSES = ['received', 'applied', 'skipped', 'failed'] as const;

export interface PaddleEventsSearch {
  type?: string;
  status?: (typeof PADDLE_EVENT_STATUSES)[number];
  q?: string;
  page?: number;
}

export function validatePaddleEventsSearch(search: Record<string, unknown>): PaddleEventsSearch {
  return definedOnly({
    type: rawTextParam(search.type, 100),
    status: oneOfParam(search.status, PADDLE_EVENT_STATUSES),
    q: rawTextParam(search.q, 255),
    page: pageParam(search.page),
  });
}

export function paddleEventsInput(search: PaddleEventsSearch) {
  return {
    ...(search.type ? { eventType: search.type } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.q ? { search: search.q } : {}),
    limit: STAFF_BILLING_PAGE_SIZE,
    offset: ((search.page ?? 1) - 1) * STAFF_BILLING_PAGE_SIZE,
  };
}

/** The events of one subscription (its page lists them all, without paging). */
export const subscriptionEventsInput = (paddleId: string) => ({ search: paddleId, limit: 100, offset: 0 });
