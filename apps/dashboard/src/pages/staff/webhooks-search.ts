// The webhook deliveries list's URL state, shared by its route (src/router.tsx) and its page.
import { definedOnly, oneOfParam, pageParam, textParam, uuidParam } from '../../lib/search-params.ts';

export const STAFF_DELIVERIES_PAGE_SIZE = 25;
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export interface StaffDeliveriesSearch {
  status?: (typeof DELIVERY_STATUSES)[number];
  webhookId?: string;
  eventType?: string;
  page?: number;
}

export function validateStaffDeliveriesSearch(search: Record<string, unknown>): StaffDeliveriesSearch {
  return definedOnly({
    status: oneOfParam(search.status, DELIVERY_STATUSES),
    webhookId: uuidParam(search.webhookId),
    eventType: textParam(search.eventType, 100),
    page: pageParam(search.page),
  });
}
