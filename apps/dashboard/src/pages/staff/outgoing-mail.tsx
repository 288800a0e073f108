import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField } from '../../components/field.tsx';
import { Badge, PageHeader } from '../../components/page.tsx';
import { describeError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { Translate } from '../../i18n/translate.ts';
import { useTRPC } from '../../lib/trpc.ts';

const STATUSES = ['failed', 'pending', 'sent'] as const;
type Status = (typeof STATUSES)[number];

const KINDS = [
  'identity.email-verification',
  'identity.sign-up-attempted',
  'identity.password-reset',
  'identity.staff-password-reset',
  'identity.invitation',
  'identity.account-created',
  'identity.password-changed',
  'identity.email-changed',
  'identity.staff-granted',
  'identity.staff-removed',
  'mail.app-password-created',
  'mail.custom-domain-verified',
  'account.deleted',
] as const;

/** What a message is, in words; a kind this page does not know yet shows as it is stored. */
function kindLabel(kind: string, t: Translate): string {
  return (KINDS as readonly string[]).includes(kind)
    ? t(`outgoingMail.kind.${kind as (typeof KINDS)[number]}`)
    : kind;
}

/** Staff: the hub's own mail that could not be sent, what is waiting, and sending a failed one again. */
export default function OutgoingMailPage() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [status, setStatus] = useState<Status>('failed');
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...trpc.outgoingMail.list.queryOptions({ status, page }),
    placeholderData: (previous) => previous,
  });
  const resend = useMutation(trpc.outgoingMail.resend.mutationOptions());

  async function sendAgain(id: string, recipient: string) {
    try {
      await resend.mutateAsync({ id });
      toast.show(t('outgoingMail.resent', { recipient }));
    } catch (error) {
      toast.show(describeError(error, t));
    }
    await queryClient.invalidateQueries({ queryKey: trpc.outgoingMail.list.pathKey() });
  }

  const counts = list.data?.counts;
  return (
    <>
      <PageHeader
        title={t('outgoingMail.title')}
        description={
          counts
            ? t('outgoingMail.summary', {
                failed: format.number(counts.failed),
                pending: format.number(counts.pending),
              })
            : t('outgoingMail.description')
        }
      />
      <div className="filters">
        <SelectField
          label={t('outgoingMail.filter.status')}
          value={status}
          options={STATUSES.map((value) => ({ value, label: t(`outgoingMail.status.${value}`) }))}
          onChange={(value) => {
            setStatus(value as Status);
            setPage(1);
          }}
        />
      </div>
      <DataTable
        caption={t('outgoingMail.title')}
        rows={list.data?.items}
        rowKey={(mail) => mail.id}
        isLoading={list.isPending}
        error={list.error}
        onRetry={() => list.refetch()}
        emptyMessage={t(`outgoingMail.none.${status}`)}
        paging={
          list.data
            ? { page, pageSize: list.data.pageSize, total: list.data.total, onPageChange: setPage }
            : undefined
        }
        columns={[
          {
            key: 'created',
            header: t('outgoingMail.column.created'),
            cell: (mail) => format.dateTime(mail.createdAt),
          },
          {
            key: 'recipient',
            header: t('outgoingMail.column.recipient'),
            isRowHeader: true,
            cell: (mail) => mail.recipient,
          },
          {
            key: 'what',
            header: t('outgoingMail.column.what'),
            cell: (mail) => (
              <>
                {kindLabel(mail.kind, t)}
                <br />
                <span className="muted">{mail.subject}</span>
              </>
            ),
          },
          {
            key: 'status',
            header: t('outgoingMail.column.status'),
            cell: (mail) => (
              <Badge tone={mail.status === 'failed' ? 'bad' : mail.status === 'sent' ? 'good' : 'warn'}>
                {t(`outgoingMail.status.${mail.status}`)}
              </Badge>
            ),
          },
          {
            key: 'attempts',
            header: t('outgoingMail.column.attempts'),
            cell: (mail) =>
              mail.status === 'pending' && mail.attempts > 0
                ? t('outgoingMail.nextAttempt', {
                    attempts: format.number(mail.attempts),
                    at: format.dateTime(mail.nextAttemptAt),
                  })
                : format.number(mail.attempts),
          },
          {
            key: 'error',
            header: t('outgoingMail.column.error'),
            cell: (mail) => (mail.lastError ? <span className="text-bad">{mail.lastError}</span> : '—'),
          },
          {
            key: 'actions',
            header: t('outgoingMail.column.actions'),
            cell: (mail) =>
              mail.canResend ? (
                <Button
                  variant="secondary"
                  className="button-small"
                  aria-label={t('outgoingMail.resendTo', { recipient: mail.recipient })}
                  busy={resend.isPending && resend.variables?.id === mail.id}
                  onClick={() => sendAgain(mail.id, mail.recipient)}
                >
                  {t('outgoingMail.resend')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}
