import {
  changePasswordSchema,
  PASSWORD_MIN_LENGTH,
  requestEmailChangeSchema,
} from '@accounts/core/identity/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Button } from '../components/button.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { PasswordField, TextField } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { Badge, Card, PageHeader } from '../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { useToast } from '../components/toast.tsx';
import { useI18n } from '../i18n/index.tsx';
import { deviceWords } from '../lib/device.ts';
import { useSchemaForm } from '../lib/form.ts';
import { useTRPC } from '../lib/trpc.ts';

type Session = NonNullable<ReturnType<typeof useSessions>['data']>[number];
type Credentials = NonNullable<ReturnType<typeof useCredentials>['data']>;

function useSessions() {
  const trpc = useTRPC();
  return useQuery(trpc.sessions.list.queryOptions());
}

function useCredentials() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.credentials.queryOptions());
}

export default function SecurityPage() {
  const { t } = useI18n();
  const credentials = useCredentials();
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      <div className="stack stack-wide security">
        <SessionsCard />
        {credentials.data ? (
          credentials.data.authScheme === 'password' ? (
            <>
              <EmailCard />
              <PasswordCard credentials={credentials.data} />
            </>
          ) : credentials.data.mozillaAccountUrl ? (
            <MozillaCard url={credentials.data.mozillaAccountUrl} />
          ) : null
        ) : credentials.isError ? (
          <ErrorState error={credentials.error} onRetry={() => credentials.refetch()} />
        ) : (
          <LoadingState />
        )}
        <ConnectedAppsCard />
      </div>
    </>
  );
}

function useDeviceName() {
  const { t } = useI18n();
  return (session: Session) => deviceWords(t, session.browser, session.system) ?? t('device.unknown');
}

type Confirm = { kind: 'one'; session: Session } | { kind: 'others' };

function SessionsCard() {
  const { t, format } = useI18n();
  const sessions = useSessions();
  const deviceName = useDeviceName();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const others = sessions.data?.filter((session) => !session.current) ?? [];

  let body: ReactNode;
  if (sessions.isError) body = <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />;
  else if (!sessions.data) body = <LoadingState />;
  else
    body = (
      <>
        <ul className="item-list" aria-label={t('security.sessions.caption')}>
          {sessions.data.map((session) => {
            const device = deviceName(session);
            const lastSeen = format.dateTime(session.lastSeenAt);
            return (
              <li key={session.id} className="item" data-current={session.current || undefined}>
                <div className="item-main">
                  <p className="item-title">
                    <span>{device}</span>
                    {session.current ? <Badge tone="good">{t('security.sessions.thisDevice')}</Badge> : null}
                  </p>
                  <dl className="item-facts">
                    <div>
                      <dt>{t('security.sessions.ip')}</dt>
                      <dd>{session.ip ?? t('security.sessions.unknownIp')}</dd>
                    </div>
                    <div>
                      <dt>{t('security.sessions.created')}</dt>
                      <dd>
                        {format.dateTime(session.createdAt)} (
                        {t(`security.sessions.method.${session.method}`)})
                      </dd>
                    </div>
                    <div>
                      <dt>{t('security.sessions.lastSeen')}</dt>
                      <dd>{lastSeen}</dd>
                    </div>
                  </dl>
                </div>
                {session.current ? null : (
                  <Button
                    variant="secondary"
                    aria-label={t('security.sessions.signOutLabel', { device, lastSeen })}
                    onClick={() => setConfirm({ kind: 'one', session })}
                  >
                    {t('security.sessions.signOut')}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
        {others.length > 0 ? (
          <div className="form-actions form-actions-start">
            <Button variant="danger" onClick={() => setConfirm({ kind: 'others' })}>
              {t('security.sessions.signOutOthers')}
            </Button>
          </div>
        ) : (
          <p className="muted">{t('security.sessions.onlyThis')}</p>
        )}
      </>
    );

  return (
    <>
      <Card title={t('security.sessions.title')} titleId="security-sessions">
        {body}
      </Card>
      <EndSessionsDialog confirm={confirm} otherCount={others.length} onClose={() => setConfirm(null)} />
    </>
  );
}

function EndSessionsDialog({
  confirm,
  otherCount,
  onClose,
}: {
  confirm: Confirm | null;
  otherCount: number;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const deviceName = useDeviceName();
  const listKey = trpc.sessions.list.queryKey();
  // Only the session list changes: drop the ended rows from it, nothing else is refetched.
  const revoke = useMutation(
    trpc.sessions.revoke.mutationOptions({
      onSuccess: (_result, input) =>
        queryClient.setQueryData(listKey, (list) => list?.filter((session) => session.id !== input.id)),
    }),
  );
  const revokeOthers = useMutation(
    trpc.sessions.revokeOthers.mutationOptions({
      onSuccess: () =>
        queryClient.setQueryData(listKey, (list) => list?.filter((session) => session.current)),
    }),
  );
  const run = async () => {
    if (!confirm) return;
    if (confirm.kind === 'one') {
      await revoke.mutateAsync({ id: confirm.session.id });
      toast.show({ key: 'security.sessions.doneOne' });
    } else {
      const { endedSessions } = await revokeOthers.mutateAsync();
      toast.show({ key: 'security.sessions.doneOthers', params: { count: endedSessions } });
    }
  };

  const title =
    confirm?.kind === 'one'
      ? t('security.sessions.confirmOne.title')
      : confirm
        ? t('security.sessions.confirmOthers.title')
        : '';
  const body =
    confirm?.kind === 'one'
      ? t('security.sessions.confirmOne.body', {
          device: deviceName(confirm.session),
          ip: confirm.session.ip ?? t('security.sessions.unknownIp'),
        })
      : t('security.sessions.confirmOthers.body', { count: otherCount });

  return (
    <ConfirmDialog
      open={confirm !== null}
      title={title}
      confirmLabel={
        confirm?.kind === 'others' ? t('security.sessions.signOutOthers') : t('security.sessions.signOut')
      }
      tone="danger"
      onClose={onClose}
      onConfirm={run}
    >
      <p>{body}</p>
    </ConfirmDialog>
  );
}

/**
 * The account's address (AUTH_SCHEME=password): whether it is confirmed, and changing it. A new
 * address becomes the account's only once the link mailed to it is opened.
 */
function EmailCard() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());
  const change = useMutation(trpc.auth.requestEmailChange.mutationOptions());
  const form = useSchemaForm({
    schema: requestEmailChangeSchema,
    initialValues: { newEmail: '', currentPassword: '' },
    t,
    fieldMessages: { currentPassword: 'security.password.currentWrong', newEmail: 'security.email.taken' },
    onSubmit: async (values) => {
      await change.mutateAsync(values);
      form.reset({ newEmail: '', currentPassword: '' });
    },
  });
  if (!me.data) return null;
  return (
    <Card title={t('security.email.title')} titleId="security-email">
      <p>
        {t('security.email.current', { email: me.data.email })}{' '}
        {me.data.emailVerified ? (
          <Badge tone="good">{t('security.email.confirmed')}</Badge>
        ) : (
          <Badge tone="warn">{t('security.email.unconfirmed')}</Badge>
        )}
      </p>
      {me.data.emailVerified ? null : (
        <div className="stack-tight">
          <p className="muted">{t('security.email.unconfirmedHint')}</p>
          {resend.isSuccess ? <p role="status">{t('security.email.resent')}</p> : null}
          {resend.isError ? (
            <p role="alert" className="state state-error">
              {t('security.email.resendFailed')}
            </p>
          ) : null}
          <div className="form-actions form-actions-start">
            <Button variant="secondary" busy={resend.isPending} onClick={() => resend.mutate()}>
              {t('security.email.resend')}
            </Button>
          </div>
        </div>
      )}
      {change.isSuccess ? (
        <p role="status" className="state">
          {t('security.email.changeSent', { email: change.data.sentTo })}
        </p>
      ) : null}
      <form
        className="form form-narrow"
        onSubmit={form.handleSubmit}
        aria-label={t('security.email.change')}
        noValidate
      >
        <TextField
          name="newEmail"
          type="email"
          label={t('security.email.new')}
          autoComplete="email"
          value={form.values.newEmail}
          error={form.errors.newEmail}
          onChange={(value) => form.setValue('newEmail', value)}
        />
        <PasswordField
          name="currentPassword"
          purpose="current"
          label={t('security.password.current')}
          value={form.values.currentPassword}
          error={form.errors.currentPassword}
          onChange={(value) => form.setValue('currentPassword', value)}
        />
        <FormFooter
          form={form}
          submitLabel={form.submitting ? t('form.saving') : t('security.email.submit')}
          className="form-actions-start"
        />
      </form>
    </Card>
  );
}

function PasswordCard({ credentials }: { credentials: Credentials }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useQuery(trpc.me.get.queryOptions());
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        // Every other session ended; the person now has a password.
        queryClient.setQueryData(trpc.sessions.list.queryKey(), (list) =>
          list?.filter((session) => session.current),
        );
        queryClient.setQueryData(trpc.auth.credentials.queryKey(), (current) =>
          current ? { ...current, hasPassword: true } : current,
        );
      },
    }),
  );
  const form = useSchemaForm({
    schema: changePasswordSchema,
    initialValues: { currentPassword: credentials.hasPassword ? '' : null, newPassword: '' },
    t,
    fieldMessages: { currentPassword: 'security.password.currentWrong' },
    onSubmit: async (values) => {
      const { endedSessions } = await change.mutateAsync(values);
      form.reset({ currentPassword: '', newPassword: '' });
      toast.show(
        endedSessions > 0
          ? { key: 'security.password.doneEnded', params: { count: endedSessions } }
          : { key: 'security.password.done' },
      );
    },
  });

  return (
    <Card title={t('security.password.title')} titleId="security-password">
      <p>{t('security.password.intro')}</p>
      {credentials.hasPassword ? null : <p className="muted">{t('security.password.noneYet')}</p>}
      <form className="form form-narrow" onSubmit={form.handleSubmit} noValidate>
        {/* Lets password managers tie the new password to the account. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          hidden
          readOnly
          value={me.data?.email ?? ''}
        />
        {form.values.currentPassword === null ? null : (
          <PasswordField
            name="currentPassword"
            purpose="current"
            label={t('security.password.current')}
            value={form.values.currentPassword}
            error={form.errors.currentPassword}
            onChange={(value) => form.setValue('currentPassword', value)}
          />
        )}
        <PasswordField
          name="newPassword"
          purpose="new"
          label={t('security.password.new')}
          description={t('security.password.newHint', { min: PASSWORD_MIN_LENGTH })}
          value={form.values.newPassword}
          error={form.errors.newPassword}
          onChange={(value) => form.setValue('newPassword', value)}
        />
        <FormFooter
          form={form}
          submitLabel={form.submitting ? t('form.saving') : t('security.password.submit')}
          className="form-actions-start"
        />
      </form>
    </Card>
  );
}

function MozillaCard({ url }: { url: string }) {
  const { t } = useI18n();
  return (
    <Card title={t('security.mozilla.title')} titleId="security-mozilla">
      <p>{t('security.mozilla.body')}</p>
      <a className="button button-secondary" href={url} target="_blank" rel="noopener noreferrer">
        {t('security.mozilla.link')}
        <span className="visually-hidden"> {t('security.mozilla.newWindow')}</span>
        <span aria-hidden="true">↗</span>
      </a>
    </Card>
  );
}

function ConnectedAppsCard() {
  const { t, format } = useI18n();
  const trpc = useTRPC();
  const apps = useQuery(trpc.sessions.connectedApps.queryOptions());
  let body: ReactNode;
  if (apps.isError) body = <ErrorState error={apps.error} onRetry={() => apps.refetch()} />;
  else if (!apps.data) body = <LoadingState />;
  else if (apps.data.length === 0)
    body = <EmptyState title={t('security.apps.none')}>{t('security.apps.noneHint')}</EmptyState>;
  else
    body = (
      <ul className="item-list" aria-label={t('security.apps.caption')}>
        {apps.data.map((app) => (
          <li key={app.clientId} className="item">
            <div className="item-main">
              <p className="item-title">{app.name}</p>
              {app.description ? <p className="muted item-description">{app.description}</p> : null}
              <dl className="item-facts">
                <div>
                  <dt>{t('security.apps.firstConnected')}</dt>
                  <dd>{format.date(app.firstConnectedAt)}</dd>
                </div>
                <div>
                  <dt>{t('security.apps.lastSeen')}</dt>
                  <dd>{format.dateTime(app.lastSeenAt)}</dd>
                </div>
              </dl>
            </div>
          </li>
        ))}
      </ul>
    );
  return (
    <Card title={t('security.apps.title')} titleId="security-apps">
      {body}
    </Card>
  );
}
