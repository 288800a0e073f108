import type { AuditEntryDto } from '@accounts/core/kernel/browser';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Field, SelectField, TextField } from '../../components/field.tsx';
import { PageHeader } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { entityTypeLabel } from '../../lib/labels.ts';
import { definedOnly } from '../../lib/search-params.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { wallTimeToInstant } from '../../lib/zoned-time.ts';
import { auditListInput, STAFF_AUDIT_PAGE_SIZE, type StaffAuditSearch } from './audit-search.ts';
import { ChangeTable } from './shared/change-table.tsx';
import { Pager } from './shared/pager.tsx';
import { usePreciseTime } from './shared/precise-time.ts';

const route = getRouteApi('/signed-in/staff/audit');

type Filters = Required<Omit<StaffAuditSearch, 'page'>>;
const NO_FILTERS: Filters = { actor: '', entityType: '', entityId: '', action: '', from: '', to: '' };

export default function StaffAuditPage() {
  const { t, timeZone } = useI18n();
  const trpc = useTRPC();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const entries = useQuery({
    ...trpc.audit.list.queryOptions(auditListInput(search, timeZone, STAFF_AUDIT_PAGE_SIZE)),
    placeholderData: (previous) => previous,
  });
  const filtered = Object.entries(search).some(([key, value]) => key !== 'page' && value);

  return (
    <>
      <PageHeader title={t('nav.staff.audit')} description={t('audit.description')} />
      <AuditFilters
        search={search}
        onApply={(filters) => navigate({ search: definedOnly(toSearch(filters)) })}
      />
      <section className="section" aria-labelledby="audit-entries">
        <h2 id="audit-entries" className="visually-hidden">
          {t('audit.entries')}
        </h2>
        {entries.isError ? (
          <ErrorState error={entries.error} onRetry={() => entries.refetch()} />
        ) : !entries.data ? (
          <LoadingState />
        ) : entries.data.items.length === 0 ? (
          <EmptyState title={filtered ? t('audit.noMatches') : t('audit.none')} />
        ) : (
          <>
            <ol className="audit-list">
              {entries.data.items.map((entry) => (
                <AuditEntry key={entry.id} entry={entry} />
              ))}
            </ol>
            <Pager
              page={page}
              pageSize={STAFF_AUDIT_PAGE_SIZE}
              total={entries.data.total}
              onPageChange={(next) => navigate({ search: { ...search, page: next > 1 ? next : undefined } })}
            />
          </>
        )}
      </section>
    </>
  );
}

function toSearch(filters: Filters): StaffAuditSearch {
  return {
    actor: filters.actor.trim() || undefined,
    entityType: filters.entityType || undefined,
    entityId: filters.entityId.trim() || undefined,
    action: filters.action.trim() || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
}

function AuditFilters({
  search,
  onApply,
}: {
  search: StaffAuditSearch;
  onApply: (filters: Filters) => void;
}) {
  const { t, timeZone } = useI18n();
  const trpc = useTRPC();
  const options = useQuery(trpc.audit.filterOptions.queryOptions());
  const actionsListId = useId();
  const [filters, setFilters] = useState<Filters>({
    ...NO_FILTERS,
    ...definedOnly({ ...search, page: undefined }),
  });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  // Following a link (e.g. from a client's page) changes the search: show it in the form.
  useEffect(() => {
    setFilters({ ...NO_FILTERS, ...definedOnly({ ...search, page: undefined }) });
    setErrors({});
  }, [search]);

  const set = (name: keyof Filters) => (value: string) =>
    setFilters((current) => ({ ...current, [name]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const from = filters.from ? wallTimeToInstant(filters.from, timeZone) : null;
    const to = filters.to ? wallTimeToInstant(filters.to, timeZone) : null;
    const next: typeof errors = {};
    if (filters.from && !from) next.from = t('audit.filter.badTime');
    if (filters.to && !to) next.to = t('audit.filter.badTime');
    if (from && to && from.getTime() > to.getTime()) next.to = t('audit.filter.toBeforeFrom');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      const form = event.currentTarget as HTMLFormElement;
      form.querySelector<HTMLElement>(`[name="${Object.keys(next)[0]}"]`)?.focus();
      return;
    }
    onApply(filters);
  };

  const entityTypes = options.data?.entityTypes ?? [];
  return (
    <search className="card filters-card" aria-label={t('audit.filters')}>
      <form onSubmit={apply} noValidate>
        <div className="filters">
          <TextField
            name="actor"
            label={t('audit.filter.actor')}
            description={t('audit.filter.actorHint')}
            value={filters.actor}
            onChange={set('actor')}
            autoComplete="off"
            spellCheck={false}
          />
          <Field label={t('audit.filter.action')} description={t('audit.filter.actionHint')}>
            {(ids) => (
              <>
                <input
                  id={ids.control}
                  name="action"
                  className="input"
                  list={actionsListId}
                  value={filters.action}
                  onChange={(event) => set('action')(event.target.value)}
                  aria-describedby={ids.describedBy}
                  autoComplete="off"
                  spellCheck={false}
                />
                <datalist id={actionsListId}>
                  {(options.data?.actions ?? []).map((action) => (
                    <option key={action} value={action} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <SelectField
            name="entityType"
            label={t('audit.filter.entityType')}
            value={filters.entityType}
            onChange={set('entityType')}
            options={[
              { value: '', label: t('audit.filter.any') },
              ...[
                ...entityTypes,
                ...(filters.entityType && !entityTypes.includes(filters.entityType)
                  ? [filters.entityType]
                  : []),
              ].map((type) => ({ value: type, label: entityTypeLabel(type, t) })),
            ]}
          />
          <TextField
            name="entityId"
            label={t('audit.filter.entityId')}
            value={filters.entityId}
            onChange={set('entityId')}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            name="from"
            type="datetime-local"
            label={t('audit.filter.from')}
            description={t('audit.filter.zone', { zone: timeZone })}
            value={filters.from}
            error={errors.from}
            onChange={set('from')}
          />
          <TextField
            name="to"
            type="datetime-local"
            label={t('audit.filter.to')}
            description={t('audit.filter.zone', { zone: timeZone })}
            value={filters.to}
            error={errors.to}
            onChange={set('to')}
          />
        </div>
        <div className="form-actions">
          <Button
            variant="secondary"
            onClick={() => {
              setFilters(NO_FILTERS);
              setErrors({});
              onApply(NO_FILTERS);
            }}
          >
            {t('audit.filter.clear')}
          </Button>
          <Button type="submit">{t('audit.filter.apply')}</Button>
        </div>
      </form>
    </search>
  );
}

function AuditEntry({ entry }: { entry: AuditEntryDto }) {
  const { t } = useI18n();
  const precise = usePreciseTime();
  const titleId = `audit-${entry.id}`;
  return (
    <li className="audit-entry">
      <article aria-labelledby={titleId}>
        <header className="audit-entry-header">
          <h3 id={titleId} className="audit-action">
            <code>{entry.action}</code>
          </h3>
          <time dateTime={entry.createdAt.toISOString()} className="muted">
            {precise(entry.createdAt)}
          </time>
        </header>
        <p className="audit-meta">
          {t('audit.by', { actor: entry.actorEmail ?? t('audit.system') })}
          {' · '}
          {entityTypeLabel(entry.entityType, t)}
          {entry.entityId ? (
            <>
              {' '}
              <Link to="/staff/audit" search={{ entityId: entry.entityId }}>
                <code>{entry.entityId}</code>
                <span className="visually-hidden"> {t('audit.everyChange')}</span>
              </Link>
            </>
          ) : null}
          {entry.ip ? <span className="muted"> · {t('audit.ip', { ip: entry.ip })}</span> : null}
        </p>
        {entry.before || entry.after ? (
          <details className="audit-changes">
            <summary>{t('audit.showChanges')}</summary>
            <ChangeTable
              before={entry.before}
              after={entry.after}
              caption={t('audit.changesOf', { action: entry.action })}
            />
          </details>
        ) : null}
      </article>
    </li>
  );
}
