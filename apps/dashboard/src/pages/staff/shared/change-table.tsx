import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/index.tsx';
import { fieldLabel } from '../../../lib/labels.ts';

type Snapshot = Record<string, unknown> | null;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function useShowValue(): (value: unknown) => ReactNode {
  const { t, format } = useI18n();
  return (value) => {
    if (value === null || value === undefined || value === '') {
      return <span className="muted">{t('staffKit.change.empty')}</span>;
    }
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'number') return format.number(value);
    if (typeof value === 'string') {
      return ISO_INSTANT.test(value) ? <time dateTime={value}>{format.dateTime(value)}</time> : value;
    }
    return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
  };
}

/** "name: Calendar → Calendar Pro": the fields of an audit entry's snapshots, changes marked. */
export function ChangeTable({
  before,
  after,
  caption,
}: {
  before: Snapshot;
  after: Snapshot;
  caption: string;
}) {
  const { t } = useI18n();
  const show = useShowValue();
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (fields.length === 0) return <p className="muted">{t('staffKit.change.none')}</p>;
  const columns = [before ? 'before' : null, after ? 'after' : null].filter(Boolean) as (
    | 'before'
    | 'after'
  )[];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls, this wraps a table
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <div className="table-scroll" role="group" aria-label={caption} tabIndex={0}>
      <table className="table change-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staffKit.change.field')}</th>
            {columns.map((column) => (
              <th key={column} scope="col">
                {t(`staffKit.change.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => {
            const changed =
              before !== null &&
              after !== null &&
              JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null);
            return (
              <tr key={field} className={changed ? 'change-changed' : undefined}>
                <th scope="row">
                  {fieldLabel(field, t)}
                  {changed ? (
                    <span className="visually-hidden"> ({t('staffKit.change.changed')})</span>
                  ) : null}
                </th>
                {columns.map((column) => (
                  <td key={column}>{show((column === 'before' ? before : after)?.[field])}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
