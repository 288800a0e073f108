import { domainInput } from '@accounts/core/mail/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { CopyableValue } from '../../components/copy-button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Notice } from '../../components/notice.tsx';
import { Badge, Card, Details } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSchemaForm } from '../../lib/form.ts';
import { isApiError, useTRPC } from '../../lib/trpc.ts';
import { Allowance, MailFrame, useMailOverview } from './frame.tsx';

function useDomains() {
  const trpc = useTRPC();
  return useQuery(trpc.mail.domains.queryOptions());
}
type Domain = NonNullable<ReturnType<typeof useDomains>['data']>[number];
type DnsRecord = Domain['records'][number];

const STATUS_TONE = { ok: 'good', missing: 'warn', different: 'bad', error: 'warn' } as const;

export default function DomainsPage() {
  const { t } = useI18n();
  const overview = useMailOverview();
  const domains = useDomains();
  const [removing, setRemoving] = useState<Domain | null>(null);
  const limit = overview.data?.entitlements?.maxCustomDomains ?? 0;
  const used = domains.data?.length ?? 0;
  const active = overview.data?.mailbox?.state === 'active';

  return (
    <MailFrame title={t('mail.domains.title')} description={t('mail.domains.description')}>
      <div className="stack stack-wide">
        <Card title={t('mail.domains.add.title')} titleId="domain-add">
          {domains.data ? (
            <Allowance used={used} limit={limit} text={t('mail.domains.allowance', { used, limit })} />
          ) : null}
          {!active ? (
            <Notice tone="warning">{t('mail.domains.notActive')}</Notice>
          ) : domains.data && used >= limit ? (
            <Notice tone="warning">
              {limit === 0 ? t('mail.domains.noneIncluded') : t('mail.domains.atLimit')}
            </Notice>
          ) : (
            <AddDomainForm />
          )}
        </Card>
        {domains.data ? (
          domains.data.length === 0 ? (
            <EmptyState title={t('mail.domains.empty')}>{t('mail.domains.emptyHint')}</EmptyState>
          ) : (
            domains.data.map((domain) => (
              <DomainCard key={domain.domain} domain={domain} onRemove={() => setRemoving(domain)} />
            ))
          )
        ) : domains.isError ? (
          <ErrorState error={domains.error} onRetry={() => domains.refetch()} />
        ) : (
          <LoadingState />
        )}
      </div>
      <RemoveDomainDialog domain={removing} onClose={() => setRemoving(null)} />
    </MailFrame>
  );
}

/** Replaces one domain in the cached list with the server's answer, keeping the order. */
function useReplaceDomain() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (next: Domain) =>
    queryClient.setQueryData(trpc.mail.domains.queryKey(), (rows) =>
      rows?.map((row) => (row.domain === next.domain ? next : row)),
    );
}

function AddDomainForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const add = useMutation(
    trpc.mail.addDomain.mutationOptions({
      onSuccess: (domain) =>
        queryClient.setQueryData(trpc.mail.domains.queryKey(), (rows) =>
          rows ? [...rows, domain].sort((a, b) => a.domain.localeCompare(b.domain)) : rows,
        ),
    }),
  );
  const form = useSchemaForm({
    schema: domainInput,
    initialValues: { domain: '' },
    t,
    onSubmit: async (values) => {
      const domain = await add.mutateAsync(values);
      form.reset({ domain: '' });
      toast.show(t('mail.domains.added', { domain: domain.domain }));
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="domain"
        label={t('mail.domains.domain')}
        description={t('mail.domains.domainHint')}
        value={form.values.domain}
        error={form.errors.domain}
        onChange={(value) => form.setValue('domain', value)}
        maxLength={253}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        inputMode="url"
      />
      <FormFooter form={form} submitLabel={t('mail.domains.add.submit')} />
    </form>
  );
}

function DomainCard({ domain, onRemove }: { domain: Domain; onRemove: () => void }) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const replace = useReplaceDomain();
  const titleId = useId();
  const check = useMutation(
    trpc.mail.checkDomain.mutationOptions({
      onSuccess: (next) => {
        replace(next);
        const found = next.records.filter((record) => record.status === 'ok').length;
        toast.show(
          next.verified && !domain.verified
            ? t('mail.domains.check.verified', { domain: next.domain })
            : t('mail.domains.check.done', { domain: next.domain, found, total: next.records.length }),
        );
      },
    }),
  );

  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-header domain-header">
        <h2 id={titleId} className="card-title">
          {domain.domain}
        </h2>
        {domain.verified ? (
          <Badge tone="good">{t('mail.domains.verified')}</Badge>
        ) : (
          <Badge tone="warn">{t('mail.domains.unverified')}</Badge>
        )}
      </div>
      <p>
        {domain.verified && domain.verifiedAt
          ? t('mail.domains.verifiedExplain', { domain: domain.domain, date: format.date(domain.verifiedAt) })
          : t('mail.domains.unverifiedExplain', { domain: domain.domain })}
      </p>
      <p className="muted small">
        {domain.lastCheckedAt
          ? t('mail.domains.lastChecked', { date: format.dateTime(domain.lastCheckedAt) })
          : t('mail.domains.neverChecked')}
      </p>
      <DnsRecords domain={domain} />
      {check.error ? <ErrorState error={check.error} /> : null}
      <div className="action-list domain-actions">
        <Button
          variant={domain.verified ? 'secondary' : 'primary'}
          busy={check.isPending}
          onClick={() => check.mutate({ domain: domain.domain })}
        >
          {check.isPending ? t('mail.domains.checking') : t('mail.domains.check')}
        </Button>
        <Button variant="secondary" onClick={onRemove}>
          {t('mail.domains.remove')}
        </Button>
      </div>
      {domain.verified ? <CatchAll domain={domain} /> : null}
    </section>
  );
}

/**
 * The records to publish: a table on wide screens, one block per record on phones (a five-column
 * table of long names cannot be read at 360 px). Only one of the two is displayed at a time.
 */
function DnsRecords({ domain }: { domain: Domain }) {
  const { t } = useI18n();
  const purpose = (record: DnsRecord) => t(`mail.domains.purpose.${record.purpose}`);
  return (
    <>
      <div className="records-wide">
        <DataTable
          caption={t('mail.domains.records.caption', { domain: domain.domain })}
          rows={domain.records}
          rowKey={(record) => record.purpose}
          emptyMessage=""
          columns={[
            {
              key: 'purpose',
              header: t('mail.domains.column.purpose'),
              isRowHeader: true,
              cell: (record) => (
                <span className="record-purpose">
                  {t(`mail.domains.purpose.${record.purpose}`)}
                  <span className="muted small">{t('mail.domains.type', { type: record.type })}</span>
                </span>
              ),
            },
            {
              key: 'host',
              header: t('mail.domains.column.host'),
              cell: (record) => (
                <CopyableValue
                  value={record.host}
                  what={t('mail.domains.copyHost', { purpose: t(`mail.domains.purpose.${record.purpose}`) })}
                />
              ),
            },
            {
              key: 'value',
              header: t('mail.domains.column.value'),
              cell: (record) => <RecordValue record={record} />,
            },
            {
              key: 'status',
              header: t('mail.domains.column.status'),
              cell: (record) => <RecordStatus record={record} />,
            },
          ]}
        />
      </div>
      <ul
        className="records-narrow"
        aria-label={t('mail.domains.records.caption', { domain: domain.domain })}
      >
        {domain.records.map((record) => (
          <li key={record.purpose} className="record">
            <div className="record-head">
              <strong>{purpose(record)}</strong>
              <RecordStatus record={record} />
            </div>
            <Details
              items={[
                { label: t('mail.domains.column.type'), value: <code>{record.type}</code> },
                {
                  label: t('mail.domains.column.host'),
                  value: (
                    <CopyableValue
                      value={record.host}
                      what={t('mail.domains.copyHost', { purpose: purpose(record) })}
                    />
                  ),
                },
                { label: t('mail.domains.column.value'), value: <RecordValue record={record} /> },
              ]}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function RecordValue({ record }: { record: DnsRecord }) {
  const { t } = useI18n();
  const what = t('mail.domains.copyValue', { purpose: t(`mail.domains.purpose.${record.purpose}`) });
  return (
    <span className="record-value">
      <CopyableValue value={record.value} what={what} />
      {record.priority !== undefined ? (
        <span className="muted small">{t('mail.domains.priority', { priority: record.priority })}</span>
      ) : null}
    </span>
  );
}

function RecordStatus({ record }: { record: DnsRecord }) {
  const { t } = useI18n();
  if (!record.status) return <Badge>{t('mail.domains.status.unchecked')}</Badge>;
  return (
    <span className="record-status">
      <Badge tone={STATUS_TONE[record.status]}>{t(`mail.domains.status.${record.status}`)}</Badge>
      {record.status === 'different' && record.found.length > 0 ? (
        <span className="muted small">
          {t('mail.domains.found')} <code>{record.found.join(', ')}</code>
        </span>
      ) : null}
    </span>
  );
}

function CatchAll({ domain }: { domain: Domain }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const replace = useReplaceDomain();
  const id = useId();
  // The choice shows at once (set within the click, so the box never flickers back) while it is
  // saved; a refusal puts it back.
  const [choice, setChoice] = useState<boolean | null>(null);
  const toggle = useMutation(
    trpc.mail.setCatchAll.mutationOptions({
      onSuccess: (answer) => {
        replace({ ...domain, catchAll: answer.catchAll });
        // The catch-all is an address of the mailbox: the address list changes with it.
        void queryClient.invalidateQueries({ queryKey: trpc.mail.addresses.queryKey() });
        toast.show(
          t(answer.catchAll ? 'mail.domains.catchAll.on' : 'mail.domains.catchAll.off', {
            domain: answer.domain,
          }),
        );
      },
    }),
  );
  return (
    <div className="checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={choice ?? domain.catchAll}
        disabled={toggle.isPending}
        aria-describedby={`${id}-description`}
        onChange={(event) => {
          setChoice(event.target.checked);
          toggle.mutate(
            { domain: domain.domain, enabled: event.target.checked },
            { onSettled: () => setChoice(null) },
          );
        }}
      />
      <div>
        <label htmlFor={id} className="field-label">
          {t('mail.domains.catchAll.label', { domain: domain.domain })}
        </label>
        <p id={`${id}-description`} className="field-description">
          {t('mail.domains.catchAll.description')}
        </p>
        {toggle.error ? <ErrorState error={toggle.error} /> : null}
      </div>
    </div>
  );
}

function RemoveDomainDialog({ domain, onClose }: { domain: Domain | null; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation(
    trpc.mail.removeDomain.mutationOptions({
      onSuccess: (_answer, input) => {
        queryClient.setQueryData(trpc.mail.domains.queryKey(), (rows) =>
          rows?.filter((row) => row.domain !== input.domain),
        );
        // Its catch-all went with it.
        void queryClient.invalidateQueries({ queryKey: trpc.mail.addresses.queryKey() });
      },
    }),
  );
  return (
    <ConfirmDialog
      open={domain !== null}
      title={domain ? t('mail.domains.remove.title', { domain: domain.domain }) : ''}
      confirmLabel={t('mail.domains.remove')}
      tone="danger"
      onClose={onClose}
      onConfirm={async () => {
        if (!domain) return;
        await remove.mutateAsync({ domain: domain.domain });
        toast.show(t('mail.domains.remove.done', { domain: domain.domain }));
      }}
      // Refused while addresses still use the domain: the way to them.
      refusalHelp={(error) =>
        isApiError(error) && error.data?.code === 'PRECONDITION_FAILED' ? (
          <p>
            <Link to="/mail/addresses">{t('mail.domains.remove.toAddresses')}</Link>
          </p>
        ) : null
      }
    >
      <p>{domain?.verified ? t('mail.domains.remove.bodyVerified') : t('mail.domains.remove.body')}</p>
    </ConfirmDialog>
  );
}
