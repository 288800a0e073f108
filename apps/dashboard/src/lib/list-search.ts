import { useCallback } from 'react';
import type { TablePaging } from '../components/data-table.tsx';

/** What every searchable, paged list keeps in its URL; filters add their own fields. */
export interface ListSearch {
  q?: string;
  page?: number;
}

/** A route's `useNavigate()`, as far as a list needs it. */
type SearchNavigate<Search> = (options: {
  search: (current: Search) => Search;
  replace?: boolean;
}) => Promise<void>;

/**
 * The search box, filters and pager of a list whose state lives in the URL (so it survives a
 * reload and can be shared). A new search or filter starts again at page 1 and replaces the
 * history entry; turning a page adds one. Page 1 and empty filters stay out of the URL.
 */
export function useListSearch<Search extends ListSearch>(
  search: Search,
  navigate: SearchNavigate<Search>,
  pageSize: number,
) {
  const page = search.page ?? 1;
  const setFilter = useCallback(
    (change: Partial<Search>) =>
      navigate({ search: (current) => ({ ...current, ...change, page: undefined }), replace: true }),
    [navigate],
  );
  // Stable, so the table's debounced search box does not start over on every render.
  const onSearch = useCallback(
    (q: string) => setFilter({ q: q || undefined } as Partial<Search>),
    [setFilter],
  );
  /** The table's pager once the list's total is known. */
  const paging = (total: number | undefined): TablePaging | undefined =>
    total === undefined
      ? undefined
      : {
          page,
          pageSize,
          total,
          onPageChange: (next) =>
            navigate({ search: (current) => ({ ...current, page: next > 1 ? next : undefined }) }),
        };
  return { query: search.q ?? '', page, setFilter, onSearch, paging };
}
