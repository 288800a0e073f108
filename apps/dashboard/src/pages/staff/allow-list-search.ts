// The sign-up allow list's URL state, shared by its route (src/router.tsx) and its page.
import { definedOnly, pageParam, textParam } from '../../lib/search-params.ts';

export const STAFF_ALLOW_LIST_PAGE_SIZE = 25;

export interface StaffAllowListSearch {
  q?: string;
  page?: number;
}

export function validateStaffAllowListSearch(search: Record<string, unknown>): StaffAllowListSearch {
  return definedOnly({ q: textParam(search.q, 254), page: pageParam(search.page) });
}
