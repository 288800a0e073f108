// The staff mail accounts list's URL state, shared by its route (src/router.tsx) and its page.
import { definedOnly, oneOfParam, pageParam, rawTextParam } from '../../lib/search-params.ts';

export const STAFF_MAIL_PAGE_SIZE = 25;
export const MAIL_ACCOUNT_TYPES = ['individual', 'group'] as const;

export interface StaffMailSearch {
  q?: string;
  type?: (typeof MAIL_ACCOUNT_TYPES)[number];
  page?: number;
}

export function validateStaffMailSearch(search: Record<string, unknown>): StaffMailSearch {
  return definedOnly({
    q: rawTextParam(search.q, 200),
    type: oneOfParam(search.type, MAIL_ACCOUNT_TYPES),
    page: pageParam(search.page),
  });
}
