// The clients list's URL state, shared by its route (src/router.tsx) and its page.
import { definedOnly, pageParam, textParam } from '../../../lib/search-params.ts';

export const STAFF_CLIENTS_PAGE_SIZE = 20;

export interface StaffClientsSearch {
  q?: string;
  page?: number;
}

export function validateStaffClientsSearch(search: Record<string, unknown>): StaffClientsSearch {
  return definedOnly({ q: textParam(search.q), page: pageParam(search.page) });
}
