// The sign-up allow list's URL state, shared by its route (src/router.tsx) and its page.
import { definedOnly, pageParam, textParam } from '../../lib/search-params.ts';

export const STAFF_ALLOW_LIST_PAGE_SIZE = 25;

export interface StaffAllowListSearch {
  q?: string;
  page?: number;
  /** An address to allow, filled into the add form: the link a refused person sends to staff. */
  add?: string;
}

export function validateStaffAllowListSearch(search: Record<string, unknown>): StaffAllowListSearch {
  return definedOnly({
    q: textParam(search.q, 254),
    page: pageParam(search.page),
    add: textParam(search.add, 254),
  });
}

/** The link a person refused by SIGNUP_MODE sends to staff (shown on /sign-up/not-allowed). */
export function allowListLinkFor(origin: string, email: string): string {
  return `${origin}/staff/allow-list?${new URLSearchParams({ add: email })}`;
}
