import { Button } from '../../../components/button.tsx';
import { useI18n } from '../../../i18n/index.tsx';

/** The pager of DataTable, for lists that are not tables. */
export function Pager({
  page,
  pageSize,
  total,
  onPageChange,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
}) {
  const { t, format } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={t('table.pagination')}>
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
        {t('table.previous')}
      </Button>
      <p className="pager-status" aria-live="polite">
        {t('table.pageStatus', { page: format.number(page), pages: format.number(pages) })}
        {' · '}
        {t('table.results', { count: total, number: format.number(total) })}
      </p>
      <Button variant="secondary" disabled={page >= pages} onClick={() => onPageChange(page + 1)}>
        {t('table.next')}
      </Button>
    </nav>
  );
}
