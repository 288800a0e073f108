import type { PaddleEventDetailDto } from '@accounts/core/billing/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Notice } from '../../components/notice.tsx';
import { Card, Details, PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.ts';
import { EventStatusBadge } from './billing-common.tsx';
import { EntityLink } from './paddle-events.tsx';

const route = getRouteApi('/signed-in/staff/subscriptions/events/$eventId');

export default function PaddleEventPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { eventId } = route.useParams();
  const event = useQuery(trpc.billingAdmin.event.queryOptions({ id: eventId }));
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/subscriptions/events">{t('staffBilling.events.back')}</Link>
      </p>
      {event.data ? (
        <EventDetail event={event.data} />
      ) : (
        <>
          <PageHeader title={t('staffBilling.event.title')} />
          {event.isError ? (
            <ErrorState error={event.error} onRetry={() => event.refetch()} />
          ) : (
            <LoadingState />
          )}
        </>
      )}
    </>
  );
}

/** The body as Paddle sent it, indented; what does not parse is shown exactly as it came. */
function readable(event: PaddleEventDetailDto): string {
  return event.payload === null ? event.rawBody : JSON.stringify(event.payload, null, 2);
}

function EventDetail({ event }: { event: PaddleEventDetailDto }) {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const reapply = useMutation(
    trpc.billingAdmin.reapplyEvent.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.billingAdmin.event.queryKey({ id: event.id }), (current) =>
          current ? { ...current, ...next } : current,
        );
        // Applying may have changed the subscription it is about and the lists that show both.
        void queryClient.invalidateQueries({ queryKey: trpc.billingAdmin.events.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.billingAdmin.subscriptions.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.billingAdmin.subscription.pathKey() });
        setConfirming(false);
        toast.show(t('staffBilling.reapplied', { status: t(`staffBilling.eventStatus.${next.status}`) }));
      },
    }),
  );

  return (
    <>
      <PageHeader
        title={event.eventType}
        description={<code>{event.eventId}</code>}
        actions={<EventStatusBadge status={event.status} />}
      />
      {event.error ? (
        <Notice tone="error">
          <strong>{t('staffBilling.field.error')}:</strong> {event.error}
        </Notice>
      ) : null}
      <div className="grid">
        <Card title={t('staffBilling.section.event')} titleId="event-facts">
          <Details
            items={[
              {
                label: t('staffBilling.field.entity'),
                value: <EntityLink entityId={event.entityId} subscriptionId={event.subscriptionPaddleId} />,
              },
              { label: t('staffBilling.field.occurred'), value: format.dateTime(event.occurredAt) },
              { label: t('staffBilling.field.received'), value: format.dateTime(event.receivedAt) },
              {
                label: t('staffBilling.field.applied'),
                value: event.appliedAt ? format.dateTime(event.appliedAt) : '—',
              },
              { label: t('staffBilling.field.attempts'), value: format.number(event.attempts) },
              { label: t('staffBilling.field.result'), value: event.result ?? '—' },
            ]}
          />
        </Card>
        <Card title={t('staffBilling.section.reapply')} titleId="event-reapply">
          <p className="muted">{t('staffBilling.reapply.hint')}</p>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {t('staffBilling.reapply')}
          </Button>
        </Card>
      </div>

      <section className="section" aria-labelledby="event-payload">
        <h2 id="event-payload">{t('staffBilling.section.payload')}</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable block must be reachable by keyboard */}
        <pre className="json" tabIndex={0}>
          {readable(event)}
        </pre>
      </section>

      <Dialog
        open={confirming}
        onClose={() => {
          reapply.reset();
          setConfirming(false);
        }}
        title={t('staffBilling.reapply.title')}
        actions={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button busy={reapply.isPending} onClick={() => reapply.mutate({ id: event.id })}>
              {t('staffBilling.reapply')}
            </Button>
          </>
        }
      >
        <p>{t('staffBilling.reapply.body', { type: event.eventType })}</p>
        {reapply.error ? <ErrorState error={reapply.error} /> : null}
      </Dialog>
    </>
  );
}
