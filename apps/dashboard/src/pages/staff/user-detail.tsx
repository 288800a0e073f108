import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { ActivityTable } from '../../components/activity-table.tsx';
import { Button } from '../../components/button.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Badge, Card, Details, PageHeader } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { TranslationKey } from '../../i18n/translate.ts';
import { deviceWords } from '../../lib/device.ts';
import { languageLabel } from '../../lib/labels.ts';
import { mayActOnAccount } from '../../lib/staff-permissions.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { SubscriptionStatusBadge } from './billing-common.tsx';
import { ResetLinkButton } from './staff-accounts.tsx';

const route = getRouteApi('/signed-in/staff/users/$userId');

type Detail = NonNullable<ReturnType<typeof useDetail>['data']>;

function useDetail(userId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.staffUsers.get.queryOptions({ userId }));
}

export default function StaffUserPage() {
  const { t } = useI18n();
  const { userId } = route.useParams();
  const detail = useDetail(userId);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/users">{t('staffUser.back')}</Link>
      </p>
      {detail.data ? (
        <UserDetail detail={detail.data} />
      ) : (
        <>
          <PageHeader title={t('staffUser.title')} />
          {detail.isError ? (
            <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
          ) : (
            <LoadingState />
          )}
        </>
      )}
    </>
  );
}

/** The staff changes on this page, each confirmed in a dialog first. */
type Action = 'grantStaff' | 'removeStaff' | 'deactivate' | 'reactivate' | 'endSessions';

function UserDetail({ detail }: { detail: Detail }) {
  const { t, format, locale } = useI18n();
  const { user } = detail;
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const options = useQuery(trpc.auth.options.queryOptions());
  const [action, setAction] = useState<Action | null>(null);
  const isSelf = me.data?.id === user.id;
  // Only superusers grant or remove staff access (the hub refuses anyone else).
  const canChangeStaff = me.data?.isSuperuser ?? false;
  // Another staff member's account: only a superuser may deactivate it or end its sessions.
  const mayAct = mayActOnAccount(me.data, user);
  const protectedStaff = Boolean(me.data) && !mayAct;
  const protectedNote = protectedStaff ? { 'aria-describedby': 'staff-user-protected-note' } : {};

  return (
    <>
      <PageHeader
        title={user.displayName ?? user.email}
        description={user.displayName ? user.email : undefined}
        actions={
          <span className="badges">
            {user.isActive ? (
              <Badge tone="good">{t('staffUsers.active')}</Badge>
            ) : (
              <Badge tone="bad">{t('staffUsers.deactivated')}</Badge>
            )}
            {user.isSuperuser ? (
              <Badge>{t('staffUser.superuser')}</Badge>
            ) : user.isStaff ? (
              <Badge>{t('common.staff')}</Badge>
            ) : null}
          </span>
        }
      />
      <div className="grid">
        <Card title={t('staffUser.account')} titleId="staff-user-account">
          <Details
            items={[
              { label: t('staffUser.id'), value: <code>{user.id}</code> },
              { label: t('staffUser.username'), value: user.username },
              { label: t('staffUser.language'), value: languageLabel(user.language, locale) },
              { label: t('staffUser.timezone'), value: user.timezone },
              {
                label: t('staffUser.mozilla'),
                value: user.hasMozillaAccount ? t('common.yes') : t('common.no'),
              },
              { label: t('staffUser.joined'), value: format.dateTime(user.dateJoined) },
              {
                label: t('staffUser.lastLogin'),
                value: user.lastLogin ? format.dateTime(user.lastLogin) : t('common.never'),
              },
            ]}
          />
        </Card>

        <Card title={t('staffUser.actions')} titleId="staff-user-actions">
          <div className="action-list">
            {user.isStaff ? (
              <Button
                variant="secondary"
                onClick={() => setAction('removeStaff')}
                disabled={isSelf || user.isSuperuser || !canChangeStaff}
              >
                {t('staffUser.action.removeStaff')}
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => setAction('grantStaff')} disabled={!canChangeStaff}>
                {t('staffUser.action.grantStaff')}
              </Button>
            )}
            <Button
              variant="secondary"
              onClick={() => setAction('endSessions')}
              disabled={detail.sessions.length === 0 || !mayAct}
              {...protectedNote}
            >
              {t('staffUser.action.endSessions')}
            </Button>
            {user.isActive ? (
              <Button
                variant="danger"
                onClick={() => setAction('deactivate')}
                disabled={isSelf || !mayAct}
                {...protectedNote}
              >
                {t('staffUser.action.deactivate')}
              </Button>
            ) : (
              <Button
                variant="secondary"
                onClick={() => setAction('reactivate')}
                disabled={!mayAct}
                {...protectedNote}
              >
                {t('staffUser.action.reactivate')}
              </Button>
            )}
            {options.data?.authScheme === 'password' ? (
              <ResetLinkButton user={user} disabled={!mayAct} {...protectedNote} />
            ) : null}
          </div>
          {isSelf ? <p className="muted">{t('staffUser.selfNote')}</p> : null}
          {protectedStaff ? (
            <p className="muted" id="staff-user-protected-note">
              {t('staffUser.protectedStaffNote')}
            </p>
          ) : null}
          {me.data && !canChangeStaff ? <p className="muted">{t('staffUser.staffOnlySuperusers')}</p> : null}
        </Card>

        <Card title={t('staffUser.subscription')} titleId="staff-user-subscription">
          {detail.subscription ? (
            <Details
              items={[
                { label: t('staffUser.plan'), value: detail.subscription.planName ?? '—' },
                {
                  label: t('staffUser.status'),
                  value: <SubscriptionStatusBadge status={detail.subscription.status} />,
                },
                {
                  label: t('staffUser.periodEnd'),
                  value: detail.subscription.currentPeriodEnd
                    ? format.date(detail.subscription.currentPeriodEnd)
                    : '—',
                },
              ]}
            />
          ) : (
            <EmptyState title={t('staffUser.noSubscription')} />
          )}
        </Card>

        <Card title={t('staffUser.mailbox')} titleId="staff-user-mailbox">
          {detail.mailbox ? (
            <Details
              items={[
                { label: t('staffUser.address'), value: detail.mailbox.address ?? '—' },
                {
                  label: t('staffUser.accountName'),
                  value: (
                    <Link to="/staff/mail/$name" params={{ name: detail.mailbox.accountName }}>
                      <code>{detail.mailbox.accountName}</code>
                    </Link>
                  ),
                },
                { label: t('staffUser.status'), value: t(`overview.mailbox.state.${detail.mailbox.state}`) },
              ]}
            />
          ) : (
            <EmptyState title={t('staffUser.noMailbox')} />
          )}
        </Card>
      </div>

      <section className="section" aria-labelledby="staff-user-sessions">
        <h2 id="staff-user-sessions">{t('staffUser.sessions')}</h2>
        <DataTable
          caption={t('staffUser.sessions')}
          rows={detail.sessions}
          rowKey={(session) => session.id}
          emptyMessage={t('staffUser.noSessions')}
          columns={[
            {
              key: 'device',
              header: t('staffUser.session.device'),
              isRowHeader: true,
              // In words; the raw string stays at hand for a support question.
              cell: (session) => (
                <span title={session.userAgent ?? undefined}>
                  {deviceWords(t, session.browser, session.system) ?? t('device.unknown')}
                </span>
              ),
            },
            {
              key: 'method',
              header: t('staffUser.session.method'),
              cell: (session) => t(`staffUser.method.${session.method}`),
            },
            { key: 'ip', header: t('staffUser.session.ip'), cell: (session) => session.ip ?? '—' },
            {
              key: 'lastSeen',
              header: t('staffUser.session.lastSeen'),
              cell: (session) => format.dateTime(session.lastSeenAt),
            },
            {
              key: 'expires',
              header: t('staffUser.session.expires'),
              cell: (session) => format.dateTime(session.expiresAt),
            },
          ]}
        />
      </section>

      <section className="section" aria-labelledby="staff-user-audit">
        <h2 id="staff-user-audit">{t('staffUser.audit')}</h2>
        <ActivityTable entries={detail.recentActivity} forStaff />
      </section>

      <ActionDialog action={action} detail={detail} onClose={() => setAction(null)} />
    </>
  );
}

const ACTION_TEXT: Record<
  Action,
  { title: TranslationKey; body: TranslationKey; confirm: TranslationKey; done: TranslationKey }
> = {
  grantStaff: {
    title: 'staffUser.confirm.grantStaff.title',
    body: 'staffUser.confirm.grantStaff.body',
    confirm: 'staffUser.action.grantStaff',
    done: 'staffUser.done.grantStaff',
  },
  removeStaff: {
    title: 'staffUser.confirm.removeStaff.title',
    body: 'staffUser.confirm.removeStaff.body',
    confirm: 'staffUser.action.removeStaff',
    done: 'staffUser.done.removeStaff',
  },
  deactivate: {
    title: 'staffUser.confirm.deactivate.title',
    body: 'staffUser.confirm.deactivate.body',
    confirm: 'staffUser.action.deactivate',
    done: 'staffUser.done.deactivate',
  },
  reactivate: {
    title: 'staffUser.confirm.reactivate.title',
    body: 'staffUser.confirm.reactivate.body',
    confirm: 'staffUser.action.reactivate',
    done: 'staffUser.done.reactivate',
  },
  endSessions: {
    title: 'staffUser.confirm.endSessions.title',
    body: 'staffUser.confirm.endSessions.body',
    confirm: 'staffUser.action.endSessions',
    done: 'staffUser.done.endSessions',
  },
};

function ActionDialog({
  action,
  detail,
  onClose,
}: {
  action: Action | null;
  detail: Detail;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const userId = detail.user.id;
  const detailKey = trpc.staffUsers.get.queryKey({ userId });

  // Each change updates this user's cached detail in place, and marks only the user lists stale.
  const afterUserChange = (user: Detail['user'], extra: Partial<Detail> = {}) => {
    queryClient.setQueryData(detailKey, (current) => (current ? { ...current, ...extra, user } : current));
    void queryClient.invalidateQueries({ queryKey: trpc.staffUsers.search.pathKey() });
  };
  const setStaff = useMutation(
    trpc.staffUsers.setStaff.mutationOptions({ onSuccess: (user) => afterUserChange(user) }),
  );
  const setActive = useMutation(
    trpc.staffUsers.setActive.mutationOptions({
      onSuccess: (user) => afterUserChange(user, user.isActive ? {} : { sessions: [] }),
    }),
  );
  const endSessions = useMutation(
    trpc.staffUsers.endSessions.mutationOptions({
      onSuccess: () =>
        queryClient.setQueryData(detailKey, (current) => (current ? { ...current, sessions: [] } : current)),
    }),
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      if (action === 'grantStaff' || action === 'removeStaff') {
        await setStaff.mutateAsync({ userId, isStaff: action === 'grantStaff' });
      } else if (action === 'deactivate' || action === 'reactivate') {
        await setActive.mutateAsync({ userId, isActive: action === 'reactivate' });
      } else {
        await endSessions.mutateAsync({ userId });
      }
      // The audit list gained an entry: refetch just this user's detail in the background.
      void queryClient.invalidateQueries({ queryKey: detailKey });
      toast.show(t(ACTION_TEXT[action].done, { email: detail.user.email }));
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const text = action ? ACTION_TEXT[action] : null;
  let body: ReactNode = null;
  if (text) body = <p>{t(text.body, { email: detail.user.email, count: detail.sessions.length })}</p>;

  return (
    <Dialog
      open={action !== null}
      onClose={() => {
        setError(null);
        onClose();
      }}
      title={text ? t(text.title) : ''}
      actions={
        <>
          <Button variant="secondary" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button variant={action === 'deactivate' ? 'danger' : 'primary'} busy={busy} onClick={run}>
            {text ? t(text.confirm) : ''}
          </Button>
        </>
      }
    >
      {body}
      {error ? <ErrorState error={error} /> : null}
    </Dialog>
  );
}
