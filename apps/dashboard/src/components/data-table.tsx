import { type ReactNode, useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Button } from './button.tsx';
import { withEmailBreaks } from './email.tsx';
import { EmptyState, ErrorState, LoadingState } from './states.tsx';

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** The column that names the row: rendered as a row header for screen readers. */
  isRowHeader?: boolean;
  /**
   * On phones each row becomes a card of label / value lines; a column whose cell speaks for
   * itself (a button, the row's name) can drop its label there.
   */
  hideLabelOnPhone?: boolean;
}

export interface TableSearch {
  label: string;
  value: string;
  /** Called after typing pauses, or at once on Enter. */
  onChange: (value: string) => void;
  placeholder?: string;
}

export interface TablePaging {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
}

export interface DataTableProps<Row> {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[] | undefined;
  rowKey: (row: Row) => string;
  search?: TableSearch;
  paging?: TablePaging;
  isLoading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  emptyMessage: string;
  /** The next step when the list is empty ("Create one above…"). */
  emptyHint?: ReactNode;
}

const SEARCH_PAUSE_MS = 300;

/**
 * A table with an optional search box and pager. Data and paging stay with the caller (usually
 * the server pages), so the same table serves any list. On phones every row becomes a card of
 * label / value lines (styles.css `.table-stack`), so no column and no action is ever cut off.
 */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const {
    caption,
    columns,
    rows,
    rowKey,
    search,
    paging,
    isLoading,
    error,
    onRetry,
    emptyMessage,
    emptyHint,
  } = props;
  const { t, format } = useI18n();
  const captionId = useId();
  const pages = paging ? Math.max(1, Math.ceil(paging.total / paging.pageSize)) : 1;

  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={onRetry} />;
  else if (isLoading || !rows) body = <LoadingState />;
  else if (rows.length === 0) body = <EmptyState title={emptyMessage}>{emptyHint}</EmptyState>;
  else
    body = (
      // A focusable group (not a landmark, so it never competes with the page's sections): wide
      // tables scroll sideways on phones, and keyboard users must be able to scroll them too.
      // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls, this wraps a table
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      <div className="table-scroll table-stack" role="group" aria-labelledby={captionId} tabIndex={0}>
        <table className="table">
          <caption id={captionId} className="visually-hidden">
            {caption}
          </caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col">
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) =>
                  column.isRowHeader ? (
                    <th
                      key={column.key}
                      scope="row"
                      data-label={column.hideLabelOnPhone ? '' : column.header}
                    >
                      {withEmailBreaks(column.cell(row))}
                    </th>
                  ) : (
                    <td key={column.key} data-label={column.hideLabelOnPhone ? '' : column.header}>
                      {withEmailBreaks(column.cell(row))}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <div className="data-table">
      {search ? <SearchBox search={search} /> : null}
      {body}
      {paging && rows && !error ? (
        <nav className="pager" aria-label={t('table.pagination')}>
          <Button
            variant="secondary"
            disabled={paging.page <= 1}
            onClick={() => paging.onPageChange(paging.page - 1)}
          >
            {t('table.previous')}
          </Button>
          <p className="pager-status" aria-live="polite">
            {t('table.pageStatus', { page: format.number(paging.page), pages: format.number(pages) })}
            {' · '}
            {t('table.results', { count: paging.total, number: format.number(paging.total) })}
          </p>
          <Button
            variant="secondary"
            disabled={paging.page >= pages}
            onClick={() => paging.onPageChange(paging.page + 1)}
          >
            {t('table.next')}
          </Button>
        </nav>
      ) : null}
    </div>
  );
}

function SearchBox({ search }: { search: TableSearch }) {
  const id = useId();
  const [text, setText] = useState(search.value);
  const { onChange, value } = search;

  // The URL (or the caller) may change the search: follow it.
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);

  return (
    <search className="table-search">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onChange(text);
        }}
      >
        <label htmlFor={id} className="field-label">
          {search.label}
        </label>
        <input
          id={id}
          type="search"
          className="input"
          value={text}
          placeholder={search.placeholder}
          onChange={(event) => setText(event.target.value)}
        />
      </form>
    </search>
  );
}
