import type { DeliveryDto } from '@accounts/core/clients/browser';
import type { HubEventType } from '@accounts/core/kernel/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField } from '../../components/field.tsx';
import { Badge, Card, Details, PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useListSearch } from '../../lib/list-search.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { usePreciseTime } from './shared/precise-time.ts';
import {
  DELIVERY_STATUSES,
  STAFF_DELIVERIES_PAGE_SIZE,
  type StaffDeliveriesSearch,
} from './webhooks-search.ts';

const route = getRouteApi('/signed-in/staff/webhooks');

/** Every event type a delivery can carry (the outbox's, plus the staff test event). */
const EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'session.revoked',
  'mailbox.updated',
  'subscription.activated',
  'subscription.updated',
  'subscription.deactivated',
  'webhook.test',
] as const satisfies readonly (HubEventType | 'webhook.test')[];
// A new event type in clients/outbox.ts must be offered here too: this fails to compile until it is.
type Unlisted = Exclude<HubEventType, (typeof EVENT_TYPES)[number]>;
export const everyEventTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** While deliveries are on their way the page follows them. */
const FOLLOW_MS = 2000;

const STATUS_TONE = { pending: 'neutral', succeeded: 'good', failed: 'bad' } as const;

export default function StaffDeliveriesPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const search = route.useSearch();
  const { page, setFilter, paging } = useListSearch(search, route.useNavigate(), STAFF_DELIVERIES_PAGE_SIZE);
  const [dialog, setDialog] = useState<'test' | 'redeliverFailed' | null>(null);
  const [openDelivery, setOpenDelivery] = useState<string | null>(null);

  const deliveries = useQuery({
    ...trpc.webhooks.listDeliveries.queryOptions({ ...search, page, pageSize: STAFF_DELIVERIES_PAGE_SIZE }),
    placeholderData: (previous) => previous,
    refetchInterval: (query) =>
      query.state.data?.items.some((delivery) => delivery.status === 'pending') ? FOLLOW_MS : false,
  });
  const webhooks = useQuery(trpc.webhooks.listWebhooks.queryOptions());
  // A success clears a webhook's flag: whenever the deliveries update, the flags may have too.
  const flagged = useQuery(trpc.webhooks.listFlagged.queryOptions());
  const queryClient = useQueryClient();
  const firstUpdate = useRef(deliveries.dataUpdatedAt);
  useEffect(() => {
    if (deliveries.dataUpdatedAt === firstUpdate.current) return;
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.listFlagged.queryKey() });
  }, [deliveries.dataUpdatedAt, queryClient, trpc]);
  const flaggedIds = new Set(flagged.data?.map((webhook) => webhook.id));

  const noWebhooks = webhooks.data !== undefined && webhooks.data.length === 0;

  const webhookLabel = (webhook: { clientName: string; environment: string; name: string }) =>
    `${webhook.clientName} · ${webhook.environment} · ${webhook.name}`;

  return (
    <>
      <PageHeader
        title={t('nav.staff.webhooks')}
        description={t('deliveries.description')}
        actions={
          <span className="action-list">
            <Button
              variant="secondary"
              onClick={() => setDialog('test')}
              disabled={!webhooks.data?.length}
              aria-describedby={noWebhooks ? 'deliveries-send-test-why' : undefined}
            >
              {t('deliveries.sendTest')}
            </Button>
            <Button variant="secondary" onClick={() => setDialog('redeliverFailed')}>
              {search.webhookId ? t('deliveries.redeliverFailedOne') : t('deliveries.redeliverFailedAll')}
            </Button>
          </span>
        }
      />
      {noWebhooks ? (
        // A greyed-out button says nothing by itself: say why, and what to do.
        <p id="deliveries-send-test-why" className="muted">
          {t('deliveries.sendTestNone')} <Link to="/staff/clients">{t('deliveries.sendTestNoneLink')}</Link>
        </p>
      ) : null}

      {flagged.data && flagged.data.length > 0 ? (
        <Card title={t('deliveries.flaggedTitle')} titleId="deliveries-flagged" tone="danger">
          <p>{t('deliveries.flaggedIntro')}</p>
          <ul className="item-list">
            {flagged.data.map((webhook) => (
              <li key={webhook.id} className="item item-flagged">
                <div className="item-main">
                  <p className="item-title">{webhookLabel(webhook)}</p>
                  <p className="item-meta">
                    <code>{webhook.url}</code>
                  </p>
                  <p className="item-meta item-warning">
                    <FailingSince webhook={webhook} />
                  </p>
                </div>
                <div className="item-actions">
                  <Button
                    variant="secondary"
                    className="button-small"
                    aria-label={t('deliveries.showForNamed', { name: webhookLabel(webhook) })}
                    onClick={() => setFilter({ webhookId: webhook.id, status: 'failed' })}
                  >
                    {t('deliveries.showFor')}
                  </Button>
                  <Link
                    to="/staff/clients/$clientId"
                    params={{ clientId: webhook.clientId }}
                    className="button button-ghost button-small"
                  >
                    {webhook.clientName}
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <search className="filters" aria-label={t('deliveries.filters')}>
        <SelectField
          label={t('deliveries.filter.status')}
          value={search.status ?? ''}
          onChange={(value) => setFilter({ status: (value || undefined) as StaffDeliveriesSearch['status'] })}
          options={[
            { value: '', label: t('deliveries.filter.any') },
            ...DELIVERY_STATUSES.map((status) => ({
              value: status,
              label: t(`deliveries.status.${status}`),
            })),
          ]}
        />
        <SelectField
          label={t('deliveries.filter.webhook')}
          value={search.webhookId ?? ''}
          onChange={(value) => setFilter({ webhookId: value || undefined })}
          options={[
            { value: '', label: t('deliveries.filter.anyWebhook') },
            ...(webhooks.data ?? []).map((webhook) => ({
              value: webhook.id,
              label: `${webhookLabel(webhook)}${flaggedIds.has(webhook.id) ? ` (${t('clients.webhook.failing')})` : ''}`,
            })),
          ]}
        />
        <SelectField
          label={t('deliveries.filter.eventType')}
          value={search.eventType ?? ''}
          onChange={(value) => setFilter({ eventType: value || undefined })}
          options={[
            { value: '', label: t('deliveries.filter.any') },
            ...[
              ...EVENT_TYPES,
              ...(search.eventType && !EVENT_TYPES.some((type) => type === search.eventType)
                ? [search.eventType]
                : []),
            ].map((type) => ({ value: type, label: type })),
          ]}
        />
      </search>

      <DataTable
        caption={t('deliveries.caption')}
        rows={deliveries.data?.items}
        rowKey={(delivery) => delivery.id}
        isLoading={deliveries.isPending}
        error={deliveries.error}
        onRetry={() => deliveries.refetch()}
        emptyMessage={
          search.status || search.webhookId || search.eventType
            ? t('deliveries.noMatches')
            : t('deliveries.none')
        }
        paging={paging(deliveries.data?.total)}
        columns={[
          {
            key: 'event',
            header: t('deliveries.column.event'),
            isRowHeader: true,
            cell: (delivery) => (
              <>
                <button type="button" className="link-button" onClick={() => setOpenDelivery(delivery.id)}>
                  <code>{delivery.eventType}</code>
                  <span className="visually-hidden">
                    {' '}
                    {t('deliveries.openDetails', { webhook: delivery.webhook.name })}
                  </span>
                </button>
                <span className="cell-note">
                  <DeliveryTime value={delivery.createdAt} />
                </span>
              </>
            ),
          },
          {
            key: 'webhook',
            header: t('deliveries.column.webhook'),
            cell: (delivery) => (
              <>
                {delivery.webhook.clientName} · {delivery.webhook.environment}
                <span className="cell-note">
                  {delivery.webhook.name}
                  {flaggedIds.has(delivery.webhook.id) ? (
                    <>
                      {' '}
                      <Badge tone="warn">{t('clients.webhook.failing')}</Badge>
                    </>
                  ) : null}
                </span>
              </>
            ),
          },
          {
            key: 'status',
            header: t('deliveries.column.status'),
            cell: (delivery) => <StatusBadge status={delivery.status} />,
          },
          {
            key: 'result',
            header: t('deliveries.column.lastAttempt'),
            cell: (delivery) => <LastAttempt delivery={delivery} />,
          },
          {
            key: 'next',
            header: t('deliveries.column.next'),
            cell: (delivery) =>
              delivery.nextAttemptAt ? (
                <DeliveryTime value={delivery.nextAttemptAt} />
              ) : delivery.deliveredAt ? (
                <span className="muted">
                  {t('deliveries.deliveredAt')} <DeliveryTime value={delivery.deliveredAt} />
                </span>
              ) : (
                '—'
              ),
          },
        ]}
      />

      <DeliveryDialog id={openDelivery} onClose={() => setOpenDelivery(null)} />
      <SendTestDialog
        open={dialog === 'test'}
        onClose={() => setDialog(null)}
        webhooks={webhooks.data ?? []}
        initial={search.webhookId}
        label={webhookLabel}
      />
      <RedeliverFailedDialog
        open={dialog === 'redeliverFailed'}
        onClose={() => setDialog(null)}
        webhook={webhooks.data?.find((webhook) => webhook.id === search.webhookId)}
        label={webhookLabel}
      />
    </>
  );
}

function DeliveryTime({ value }: { value: Date }) {
  const precise = usePreciseTime();
  return <time dateTime={value.toISOString()}>{precise(value)}</time>;
}

function StatusBadge({ status }: { status: DeliveryDto['status'] }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[status]}>{t(`deliveries.status.${status}`)}</Badge>;
}

function FailingSince({ webhook }: { webhook: { consecutiveFailures: number; failingSince: Date | null } }) {
  const { t, format } = useI18n();
  return (
    <>
      {t('clients.webhook.failingSince', {
        count: webhook.consecutiveFailures,
        time: webhook.failingSince ? format.dateTime(webhook.failingSince) : '—',
      })}
    </>
  );
}

function LastAttempt({ delivery }: { delivery: DeliveryDto }) {
  const { t, format } = useI18n();
  if (delivery.attempts === 0) return <span className="muted">{t('deliveries.notYet')}</span>;
  return (
    <>
      {t('deliveries.attemptCount', { count: delivery.attempts, number: format.number(delivery.attempts) })}
      <span className="cell-note">
        {delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : t('deliveries.noResponse')}
        {delivery.lastLatencyMs !== null
          ? ` · ${t('deliveries.ms', { ms: format.number(delivery.lastLatencyMs) })}`
          : ''}
      </span>
      {delivery.lastError ? <span className="cell-note cell-error">{delivery.lastError}</span> : null}
    </>
  );
}

/** One delivery: where it went, every attempt, and sending it again. */
function DeliveryDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const delivery = useQuery({
    ...trpc.webhooks.getDelivery.queryOptions({ id: id ?? '' }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? FOLLOW_MS : false),
  });
  const redeliver = useMutation(trpc.webhooks.redeliver.mutationOptions());
  const [error, setError] = useState<unknown>(null);
  const data = delivery.data;

  const again = async () => {
    if (!data) return;
    setError(null);
    try {
      await redeliver.mutateAsync({ id: data.id });
      await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      toast.show(t('deliveries.redelivered'));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Dialog
      open={id !== null}
      onClose={() => {
        setError(null);
        onClose();
      }}
      title={t('deliveries.dialogTitle')}
      actions={
        <>
          <Button variant="secondary" onClick={onClose} data-autofocus>
            {t('dialog.close')}
          </Button>
          {data && data.status !== 'pending' ? (
            <Button onClick={again} busy={redeliver.isPending}>
              {t('deliveries.redeliver')}
            </Button>
          ) : null}
        </>
      }
    >
      {!data ? (
        delivery.isError ? (
          <ErrorState error={delivery.error} onRetry={() => delivery.refetch()} />
        ) : (
          <LoadingState />
        )
      ) : (
        <div className="form delivery-detail">
          <Details
            items={[
              { label: t('deliveries.column.event'), value: <code>{data.eventType}</code> },
              { label: t('deliveries.eventId'), value: <code>{data.eventId}</code> },
              {
                label: t('deliveries.column.webhook'),
                value: (
                  <>
                    {data.webhook.clientName} · {data.webhook.environment} · {data.webhook.name}
                    <span className="cell-note">
                      <code>{data.webhook.url}</code>
                    </span>
                  </>
                ),
              },
              { label: t('deliveries.user'), value: data.userId ? <code>{data.userId}</code> : '—' },
              { label: t('deliveries.column.status'), value: <StatusBadge status={data.status} /> },
              { label: t('deliveries.created'), value: <DeliveryTime value={data.createdAt} /> },
              ...(data.nextAttemptAt
                ? [{ label: t('deliveries.column.next'), value: <DeliveryTime value={data.nextAttemptAt} /> }]
                : []),
              ...(data.deliveredAt
                ? [{ label: t('deliveries.deliveredAt'), value: <DeliveryTime value={data.deliveredAt} /> }]
                : []),
            ]}
          />
          <DataTable
            caption={t('deliveries.attempts')}
            rows={data.attemptLog}
            rowKey={(attempt) => attempt.id}
            emptyMessage={t('deliveries.noAttempts')}
            columns={[
              {
                key: 'attempt',
                header: t('deliveries.attempt'),
                isRowHeader: true,
                cell: (attempt) => format.number(attempt.attempt),
              },
              {
                key: 'at',
                header: t('deliveries.at'),
                cell: (attempt) => <DeliveryTime value={attempt.createdAt} />,
              },
              {
                key: 'status',
                header: t('deliveries.statusCode'),
                cell: (attempt) => attempt.statusCode ?? '—',
              },
              {
                key: 'latency',
                header: t('deliveries.latency'),
                cell: (attempt) => t('deliveries.ms', { ms: format.number(attempt.latencyMs) }),
              },
              { key: 'error', header: t('deliveries.error'), cell: (attempt) => attempt.error ?? '—' },
            ]}
          />
          {error ? <ErrorState error={error} /> : null}
        </div>
      )}
    </Dialog>
  );
}

interface WebhookOption {
  id: string;
  clientName: string;
  environment: string;
  name: string;
  isActive: boolean;
}

function SendTestDialog({
  open,
  onClose,
  webhooks,
  initial,
  label,
}: {
  open: boolean;
  onClose: () => void;
  webhooks: readonly WebhookOption[];
  initial: string | undefined;
  label: (webhook: WebhookOption) => string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const sendTest = useMutation(trpc.webhooks.sendTest.mutationOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const webhookId = chosen ?? initial ?? webhooks[0]?.id ?? '';
  const close = () => {
    setChosen(null);
    onClose();
  };
  return (
    <ConfirmDialog
      open={open}
      title={t('deliveries.sendTestTitle')}
      confirmLabel={t('deliveries.sendTest')}
      onClose={close}
      confirmDisabled={!webhookId}
      onConfirm={async () => {
        await sendTest.mutateAsync({ webhookId });
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.listDeliveries.pathKey() });
        const webhook = webhooks.find((candidate) => candidate.id === webhookId);
        toast.show(t('clients.webhook.testSent', { name: webhook ? label(webhook) : '' }));
      }}
    >
      <p>{t('deliveries.sendTestBody')}</p>
      <SelectField
        label={t('deliveries.filter.webhook')}
        value={webhookId}
        onChange={setChosen}
        options={webhooks.map((webhook) => ({
          value: webhook.id,
          label: webhook.isActive ? label(webhook) : `${label(webhook)} (${t('clients.inactive')})`,
        }))}
      />
    </ConfirmDialog>
  );
}

function RedeliverFailedDialog({
  open,
  onClose,
  webhook,
  label,
}: {
  open: boolean;
  onClose: () => void;
  webhook: WebhookOption | undefined;
  label: (webhook: WebhookOption) => string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const redeliver = useMutation(trpc.webhooks.redeliverFailed.mutationOptions());
  return (
    <ConfirmDialog
      open={open}
      title={webhook ? t('deliveries.redeliverFailedOne') : t('deliveries.redeliverFailedAll')}
      confirmLabel={t('deliveries.redeliver')}
      onClose={onClose}
      onConfirm={async () => {
        const { requeued } = await redeliver.mutateAsync(webhook ? { webhookId: webhook.id } : {});
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
        toast.show(t('deliveries.requeued', { count: requeued }));
      }}
    >
      <p>
        {webhook
          ? t('deliveries.redeliverFailedOneBody', { name: label(webhook) })
          : t('deliveries.redeliverFailedAllBody')}
      </p>
    </ConfirmDialog>
  );
}
