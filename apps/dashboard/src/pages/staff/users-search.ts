// The staff users list's URL state, shared by its route (src/router.tsx) and its page.
import { definedOnly, pageParam, rawTextParam } from '../../lib/search-params.ts';

export const STAFF_USERS_PAGE_SIZE = 20;

export interface StaffUsersSearch {
  q?: string;
  page?: number;
}

export function validateStaffUsersSearch(search: Record<string, unknown>): StaffUsersSearch {
  return definedOnly({ q: rawTextParam(search.q, 200), page: pageParam(search.page) });
}
