import type { AllowListEntryDto } from '@accounts/core/clients/browser';
import { allowListPatternSchema } from '@accounts/core/clients/browser';
import { text } from '@accounts/core/kernel/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Badge, Card, PageHeader } from '../../components/page.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSchemaForm } from '../../lib/form.ts';
import { useListSearch } from '../../lib/list-search.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { STAFF_ALLOW_LIST_PAGE_SIZE } from './allow-list-search.ts';

const route = getRouteApi('/signed-in/staff/allow-list');

/** The add form: the API's pattern rule, and a note as the text field holds it. */
const addEntrySchema = z.object({
  pattern: allowListPatternSchema,
  note: text.trim().max(500),
});

export default function StaffAllowListPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const [removing, setRemoving] = useState<AllowListEntryDto | null>(null);
  const search = route.useSearch();
  const { query, page, onSearch, paging } = useListSearch(
    search,
    route.useNavigate(),
    STAFF_ALLOW_LIST_PAGE_SIZE,
  );
  const entries = useQuery({
    ...trpc.allowList.list.queryOptions({ search: query, page, pageSize: STAFF_ALLOW_LIST_PAGE_SIZE }),
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <PageHeader title={t('allowList.title')} description={t('allowList.description')} />
      <AddEntryCard prefill={search.add} />
      <section className="section" aria-labelledby="allow-list-entries">
        <h2 id="allow-list-entries">{t('allowList.entries')}</h2>
        <DataTable
          caption={t('allowList.entries')}
          search={{
            label: t('allowList.search'),
            value: query,
            onChange: onSearch,
            placeholder: t('allowList.searchHint'),
          }}
          rows={entries.data?.items}
          rowKey={(entry) => entry.id}
          isLoading={entries.isPending}
          error={entries.error}
          onRetry={() => entries.refetch()}
          emptyMessage={query ? t('allowList.noMatches', { query }) : t('allowList.none')}
          paging={paging(entries.data?.total)}
          columns={[
            {
              key: 'pattern',
              header: t('allowList.column.pattern'),
              isRowHeader: true,
              cell: (entry) => <code>{entry.pattern}</code>,
            },
            {
              key: 'kind',
              header: t('allowList.column.kind'),
              cell: (entry) =>
                entry.pattern.startsWith('@') ? (
                  <Badge>{t('allowList.kind.domain')}</Badge>
                ) : (
                  <Badge>{t('allowList.kind.address')}</Badge>
                ),
            },
            { key: 'note', header: t('allowList.column.note'), cell: (entry) => entry.note ?? '—' },
            {
              key: 'added',
              header: t('allowList.column.added'),
              cell: (entry) => format.date(entry.createdAt),
            },
            {
              key: 'remove',
              header: t('allowList.column.actions'),
              cell: (entry) => (
                <Button
                  variant="secondary"
                  className="button-small"
                  aria-label={t('allowList.removeNamed', { pattern: entry.pattern })}
                  onClick={() => setRemoving(entry)}
                >
                  {t('allowList.remove')}
                </Button>
              ),
            },
          ]}
        />
      </section>
      <RemoveDialog entry={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

/** `prefill`: the address from a refused person's link (?add=), ready to allow with one click. */
function AddEntryCard({ prefill }: { prefill?: string | undefined }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const add = useMutation(trpc.allowList.add.mutationOptions());
  const form = useSchemaForm({
    schema: addEntrySchema,
    initialValues: { pattern: prefill?.trim().toLowerCase() ?? '', note: '' },
    t,
    checkMessages: { pattern: 'allowList.pattern.invalid' },
    onSubmit: async (values) => {
      const entry = await add.mutateAsync({ pattern: values.pattern, note: values.note || null });
      await queryClient.invalidateQueries({ queryKey: trpc.allowList.list.pathKey() });
      toast.show(t('allowList.added', { pattern: entry.pattern }));
      form.reset({ pattern: '', note: '' });
    },
  });
  return (
    <Card title={t('allowList.addTitle')} titleId="allow-list-add">
      <form className="form" onSubmit={form.handleSubmit} noValidate>
        <div className="inline-fields inline-fields-wide">
          <TextField
            name="pattern"
            label={t('allowList.pattern')}
            description={t('allowList.patternHint')}
            value={form.values.pattern}
            error={form.errors.pattern}
            onChange={(value) => form.setValue('pattern', value)}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            name="note"
            label={t('allowList.note')}
            description={t('allowList.noteHint')}
            value={form.values.note}
            error={form.errors.note}
            onChange={(value) => form.setValue('note', value)}
            autoComplete="off"
          />
        </div>
        <FormFooter form={form} submitLabel={t('allowList.add')} />
      </form>
    </Card>
  );
}

function RemoveDialog({ entry, onClose }: { entry: AllowListEntryDto | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(trpc.allowList.remove.mutationOptions());
  return (
    <ConfirmDialog
      open={entry !== null}
      title={t('allowList.removeTitle')}
      confirmLabel={t('allowList.remove')}
      tone="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!entry) return;
        await remove.mutateAsync({ id: entry.id });
        await queryClient.invalidateQueries({ queryKey: trpc.allowList.list.pathKey() });
        toast.show(t('allowList.removed', { pattern: entry.pattern }));
      }}
    >
      <p>{entry ? t('allowList.removeBody', { pattern: entry.pattern }) : null}</p>
    </ConfirmDialog>
  );
}
