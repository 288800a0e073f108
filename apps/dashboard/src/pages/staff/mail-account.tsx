import { groupMemberInput, listAddressInput, setQuotaInput } from '@accounts/core/mail/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Email } from '../../components/email.tsx';
import { TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Badge, Card, Details, PageHeader } from '../../components/page.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSchemaForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { MailAddressFields } from './mail-address-fields.tsx';
import { AccountStatus, useQuotaText } from './mail-status.tsx';

const route = getRouteApi('/signed-in/staff/mail/$name');
const GIB = 1024 ** 3;

function useAccount(name: string) {
  const trpc = useTRPC();
  return useQuery(trpc.mailAdmin.account.queryOptions({ name }));
}
type Account = NonNullable<ReturnType<typeof useAccount>['data']>;

/** The staff changes on this page that are confirmed in a dialog first. */
type Action = 'quota' | 'deactivate' | 'activate' | 'repair' | 'deleteGroup';

/** Keeps the account's cached detail in step with a change's answer; only the search lists go stale. */
function useAccountUpdate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (account: Account) => {
    queryClient.setQueryData(trpc.mailAdmin.account.queryKey({ name: account.name }), account);
    void queryClient.invalidateQueries({ queryKey: trpc.mailAdmin.searchAccounts.pathKey() });
  };
}

export default function StaffMailAccountPage() {
  const { t } = useI18n();
  const { name } = route.useParams();
  const account = useAccount(name);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/staff/mail">{t('staffMail.back')}</Link>
      </p>
      {account.data ? (
        <AccountDetail account={account.data} />
      ) : (
        <>
          <PageHeader title={name} />
          {account.isError ? (
            <ErrorState error={account.error} onRetry={() => account.refetch()} />
          ) : (
            <LoadingState />
          )}
        </>
      )}
    </>
  );
}

function AccountDetail({ account }: { account: Account }) {
  const { t, format } = useI18n();
  const quotaText = useQuotaText();
  const [action, setAction] = useState<Action | null>(null);
  const { owner } = account;
  const isGroup = account.type === 'group';

  return (
    <>
      <PageHeader
        title={account.name}
        description={account.description ?? undefined}
        actions={
          <span className="badges">
            <Badge>{t(`staffMail.kind.${account.type}`)}</Badge>
            <AccountStatus account={account} />
          </span>
        }
      />
      <div className="grid">
        <Card title={t('staffMail.account.title')} titleId="mail-account-details">
          <Details
            items={[
              { label: t('staffMail.column.kind'), value: t(`staffMail.kind.${account.type}`) },
              {
                label: t('staffMail.column.owner'),
                value: owner ? (
                  <Link to="/staff/users/$userId" params={{ userId: owner.userId }}>
                    {owner.email}
                  </Link>
                ) : (
                  t('staffMail.account.noOwner')
                ),
              },
              ...(owner
                ? [
                    {
                      label: t('staffMail.account.state'),
                      value: t(`staffMail.state.${owner.state as 'active' | 'receive-only' | 'inactive'}`),
                    },
                  ]
                : []),
              {
                label: t('staffMail.column.quota'),
                value: (
                  <>
                    {quotaText(account.quotaBytes)}{' '}
                    {owner ? (
                      <span className="muted small">
                        {owner.quotaOverrideBytes !== null
                          ? t('staffMail.account.quotaOverride')
                          : t('staffMail.account.quotaPlan')}
                      </span>
                    ) : null}
                  </>
                ),
              },
              {
                label: t('staffMail.account.delivery'),
                value: account.active
                  ? t('staffMail.account.deliveryOn')
                  : t('staffMail.account.deliveryOff'),
              },
              // Groups receive for their members; nobody signs in to them.
              ...(isGroup
                ? []
                : [
                    {
                      label: t('staffMail.account.signIn'),
                      value:
                        account.active && account.loginAllowed
                          ? t('staffMail.account.signInOn')
                          : t('staffMail.account.signInOff'),
                    },
                    {
                      label: t('staffMail.account.appPasswords'),
                      value: format.number(account.appPasswords),
                    },
                  ]),
            ]}
          />
        </Card>

        <Card title={t('staffMail.actions.title')} titleId="mail-account-actions">
          <div className="action-list">
            <Button variant="secondary" onClick={() => setAction('quota')}>
              {t('staffMail.action.quota')}
            </Button>
            {(owner ? !owner.suspended : account.active) ? (
              <Button variant="danger" onClick={() => setAction('deactivate')}>
                {t('staffMail.action.deactivate')}
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => setAction('activate')}>
                {t('staffMail.action.activate')}
              </Button>
            )}
            {owner ? (
              <Button variant="secondary" onClick={() => setAction('repair')}>
                {t('staffMail.action.repair')}
              </Button>
            ) : null}
            {isGroup ? (
              <Button variant="danger" onClick={() => setAction('deleteGroup')}>
                {t('staffMail.action.deleteGroup')}
              </Button>
            ) : null}
          </div>
          <p className="muted small">
            {owner ? t('staffMail.actions.personNote') : t('staffMail.actions.groupNote')}
          </p>
        </Card>

        {!isGroup ? (
          <Card title={t('staffMail.memberOf.title')} titleId="mail-account-member-of">
            {account.memberOf.length === 0 ? (
              <EmptyState title={t('staffMail.memberOf.none')} />
            ) : (
              <ul className="plain-list">
                {account.memberOf.map((group) => (
                  <li key={group}>
                    <Link to="/staff/mail/$name" params={{ name: group }}>
                      {group}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>

      <Addresses account={account} />
      {isGroup ? <Members account={account} /> : null}

      <QuotaDialog account={account} open={action === 'quota'} onClose={() => setAction(null)} />
      <StateDialog
        account={account}
        action={action === 'activate' || action === 'deactivate' ? action : null}
        onClose={() => setAction(null)}
      />
      <RepairDialog account={account} open={action === 'repair'} onClose={() => setAction(null)} />
      <DeleteGroupDialog account={account} open={action === 'deleteGroup'} onClose={() => setAction(null)} />
    </>
  );
}

function Addresses({ account }: { account: Account }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useMutation(
    trpc.mailAdmin.removeListAddress.mutationOptions({
      onSuccess: (_answer, input) =>
        queryClient.setQueryData(trpc.mailAdmin.account.queryKey({ name: account.name }), (current) =>
          current
            ? { ...current, addresses: current.addresses.filter((row) => row.address !== input.address) }
            : current,
        ),
    }),
  );
  return (
    <section className="section" aria-labelledby="mail-account-addresses">
      <h2 id="mail-account-addresses">{t('staffMail.addresses.title')}</h2>
      <DataTable
        caption={t('staffMail.addresses.title')}
        rows={account.addresses}
        rowKey={(row) => row.address}
        emptyMessage={t('staffMail.addresses.none')}
        columns={[
          {
            key: 'address',
            header: t('staffMail.addresses.column.address'),
            isRowHeader: true,
            cell: (row) => (
              <code>
                <Email value={row.address} />
              </code>
            ),
          },
          {
            key: 'type',
            header: t('staffMail.addresses.column.type'),
            cell: (row) => (
              <Badge tone={row.type === 'primary' ? 'good' : 'neutral'}>
                {t(`staffMail.addressType.${row.type}`)}
              </Badge>
            ),
          },
          {
            key: 'actions',
            header: t('staffMail.column.actions'),
            cell: (row) =>
              row.type === 'list' ? (
                <Button
                  variant="secondary"
                  className="button-small"
                  aria-label={t('staffMail.addresses.removeLabel', { address: row.address })}
                  onClick={() => setRemoving(row.address)}
                >
                  {t('staffMail.addresses.remove')}
                </Button>
              ) : null,
          },
        ]}
      />
      <AddListAddress account={account} />
      <ConfirmDialog
        open={removing !== null}
        title={t('staffMail.addresses.remove.title', { address: removing ?? '' })}
        confirmLabel={t('staffMail.addresses.remove')}
        tone="danger"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync({ address: removing });
          toast.show(t('staffMail.addresses.removed', { address: removing }));
        }}
      >
        <p>{t('staffMail.addresses.remove.body')}</p>
      </ConfirmDialog>
    </section>
  );
}

function AddListAddress({ account }: { account: Account }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const update = useAccountUpdate();
  const domains = useQuery(trpc.mailAdmin.domains.queryOptions());
  const add = useMutation(trpc.mailAdmin.addListAddress.mutationOptions({ onSuccess: update }));
  const form = useSchemaForm({
    schema: listAddressInput,
    initialValues: { account: account.name, localPart: '', domain: '' },
    t,
    onSubmit: async (values) => {
      const domain = values.domain || domains.data?.[0] || '';
      await add.mutateAsync({ ...values, domain });
      toast.show(
        t('staffMail.list.added', { address: `${values.localPart.trim().toLowerCase()}@${domain}` }),
      );
      form.reset({ account: account.name, localPart: '', domain: values.domain });
    },
  });
  return (
    <div className="after-table">
      <Card title={t('staffMail.list.title')} titleId="mail-account-list-add">
        <p className="muted">{t('staffMail.list.description')}</p>
        <form className="form" onSubmit={form.handleSubmit} noValidate>
          <MailAddressFields form={form} domains={domains.data} />
          {domains.error ? <ErrorState error={domains.error} /> : null}
          <FormFooter form={form} submitLabel={t('staffMail.list.submit')} />
        </form>
      </Card>
    </div>
  );
}

function Members({ account }: { account: Account }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const update = useAccountUpdate();
  const add = useMutation(trpc.mailAdmin.addGroupMember.mutationOptions({ onSuccess: update }));
  const remove = useMutation(trpc.mailAdmin.removeGroupMember.mutationOptions({ onSuccess: update }));
  const form = useSchemaForm({
    schema: groupMemberInput,
    initialValues: { group: account.name, member: '' },
    t,
    onSubmit: async (values) => {
      await add.mutateAsync(values);
      toast.show(t('staffMail.members.added', { member: values.member.trim().toLowerCase() }));
      form.reset({ group: account.name, member: '' });
    },
  });
  return (
    <section className="section" aria-labelledby="mail-account-members">
      <h2 id="mail-account-members">{t('staffMail.members.title')}</h2>
      <DataTable
        caption={t('staffMail.members.title')}
        rows={account.members}
        rowKey={(member) => member}
        emptyMessage={t('staffMail.members.none')}
        columns={[
          {
            key: 'member',
            header: t('staffMail.members.column.account'),
            isRowHeader: true,
            cell: (member) => (
              <Link to="/staff/mail/$name" params={{ name: member }}>
                {member}
              </Link>
            ),
          },
          {
            key: 'actions',
            header: t('staffMail.column.actions'),
            cell: (member) => (
              <Button
                variant="secondary"
                className="button-small"
                aria-label={t('staffMail.members.removeLabel', { member })}
                busy={remove.isPending && remove.variables?.member === member}
                onClick={async () => {
                  try {
                    await remove.mutateAsync({ group: account.name, member });
                    toast.show(t('staffMail.members.removed', { member }));
                  } catch {
                    // Shown below the table from the mutation's error.
                  }
                }}
              >
                {t('staffMail.members.remove')}
              </Button>
            ),
          },
        ]}
      />
      {remove.error ? <ErrorState error={remove.error} /> : null}
      <div className="after-table">
        <Card title={t('staffMail.members.add.title')} titleId="mail-account-member-add">
          <form className="form" onSubmit={form.handleSubmit} noValidate>
            <TextField
              name="member"
              label={t('staffMail.members.add.label')}
              description={t('staffMail.members.add.hint')}
              value={form.values.member}
              error={form.errors.member}
              onChange={(value) => form.setValue('member', value)}
              maxLength={320}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
            <FormFooter form={form} submitLabel={t('staffMail.members.add.submit')} />
          </form>
        </Card>
      </div>
    </section>
  );
}

function QuotaDialog({ account, open, onClose }: { account: Account; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const quotaText = useQuotaText();
  const trpc = useTRPC();
  const toast = useToast();
  const update = useAccountUpdate();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const setQuota = useMutation(trpc.mailAdmin.setQuota.mutationOptions({ onSuccess: update }));
  const hasOverride = account.owner?.quotaOverrideBytes != null;

  const close = () => {
    setText('');
    setError(null);
    setQuota.reset();
    onClose();
  };
  const save = async (quotaBytes: number | null) => {
    try {
      const saved = await setQuota.mutateAsync({ name: account.name, quotaBytes });
      toast.show(t('staffMail.quota.saved', { name: account.name, quota: quotaText(saved.quotaBytes) }));
      close();
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const gib = Number(text.trim().replace(',', '.'));
    const parsed = setQuotaInput.safeParse({
      name: account.name,
      quotaBytes: text.trim() && Number.isFinite(gib) ? Math.round(gib * GIB) : Number.NaN,
    });
    if (!parsed.success) {
      setError(t('staffMail.quota.invalid'));
      return;
    }
    setError(null);
    void save(parsed.data.quotaBytes);
  };

  return (
    <Dialog open={open} onClose={close} title={t('staffMail.quota.title', { name: account.name })}>
      <form className="form" onSubmit={submit} noValidate>
        <p>
          {t('staffMail.quota.current', { quota: quotaText(account.quotaBytes) })}{' '}
          {account.owner ? t('staffMail.quota.personNote') : null}
        </p>
        <TextField
          name="quota"
          label={t('staffMail.quota.label')}
          description={t('staffMail.quota.hint')}
          value={text}
          error={error}
          onChange={setText}
          inputMode="decimal"
          autoComplete="off"
          data-autofocus
        />
        {setQuota.error ? <ErrorState error={setQuota.error} /> : null}
        <div className="form-actions">
          <Button variant="secondary" onClick={close}>
            {t('common.cancel')}
          </Button>
          {hasOverride ? (
            <Button variant="secondary" busy={setQuota.isPending} onClick={() => void save(null)}>
              {t('staffMail.quota.usePlan')}
            </Button>
          ) : null}
          <Button type="submit" busy={setQuota.isPending}>
            {t('staffMail.quota.submit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function StateDialog({
  account,
  action,
  onClose,
}: {
  account: Account;
  action: 'activate' | 'deactivate' | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const toast = useToast();
  const update = useAccountUpdate();
  const setActive = useMutation(trpc.mailAdmin.setActive.mutationOptions({ onSuccess: update }));
  const who = account.owner ? 'person' : 'group';
  return (
    <ConfirmDialog
      open={action !== null}
      title={
        action === 'activate'
          ? t('staffMail.activate.title', { name: account.name })
          : t('staffMail.deactivate.title', { name: account.name })
      }
      confirmLabel={action === 'activate' ? t('staffMail.action.activate') : t('staffMail.action.deactivate')}
      tone={action === 'deactivate' ? 'danger' : 'primary'}
      onClose={onClose}
      onConfirm={async () => {
        if (!action) return;
        await setActive.mutateAsync({ name: account.name, active: action === 'activate' });
        toast.show(
          t(action === 'activate' ? 'staffMail.activate.done' : 'staffMail.deactivate.done', {
            name: account.name,
          }),
        );
      }}
    >
      <p>
        {action === 'activate' ? t(`staffMail.activate.body.${who}`) : t(`staffMail.deactivate.body.${who}`)}
      </p>
    </ConfirmDialog>
  );
}

function RepairDialog({ account, open, onClose }: { account: Account; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const repair = useMutation(
    trpc.mailAdmin.repairMailbox.mutationOptions({
      // The report says what changed; the account's detail is read again to show it.
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.mailAdmin.account.queryKey({ name: account.name }) }),
    }),
  );
  const close = () => {
    repair.reset();
    onClose();
  };
  const report = repair.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      title={t('staffMail.repair.title', { name: account.name })}
      actions={
        report ? (
          <Button onClick={close} data-autofocus>
            {t('staffMail.repair.close')}
          </Button>
        ) : (
          <>
            <Button variant="secondary" onClick={close} data-autofocus>
              {t('common.cancel')}
            </Button>
            <Button
              busy={repair.isPending}
              onClick={() => {
                if (account.owner) repair.mutate({ userId: account.owner.userId });
              }}
            >
              {t('staffMail.action.repair')}
            </Button>
          </>
        )
      }
    >
      {report ? (
        <div role="status">
          {report.fixed.length === 0 && report.problems.length === 0 ? (
            <p>{t('staffMail.repair.nothing')}</p>
          ) : null}
          {report.fixed.length > 0 ? (
            <>
              <h3 className="subheading">{t('staffMail.repair.fixed')}</h3>
              <ul className="plain-list bullets">
                {report.fixed.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : null}
          {report.problems.length > 0 ? (
            <>
              <h3 className="subheading">{t('staffMail.repair.problems')}</h3>
              <ul className="plain-list bullets">
                {report.problems.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : (
        <p>{t('staffMail.repair.body')}</p>
      )}
      {repair.error ? <ErrorState error={repair.error} /> : null}
    </Dialog>
  );
}

function DeleteGroupDialog({
  account,
  open,
  onClose,
}: {
  account: Account;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const remove = useMutation(
    trpc.mailAdmin.deleteGroup.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.mailAdmin.searchAccounts.pathKey() }),
    }),
  );
  return (
    <ConfirmDialog
      open={open}
      title={t('staffMail.deleteGroup.title', { name: account.name })}
      confirmLabel={t('staffMail.action.deleteGroup')}
      tone="danger"
      onClose={onClose}
      onConfirm={async () => {
        await remove.mutateAsync({ name: account.name });
        toast.show(t('staffMail.deleteGroup.done', { name: account.name }));
        await navigate({ to: '/staff/mail' });
        // Forgotten only once this page has gone, so it never asks for the deleted account.
        queryClient.removeQueries({
          queryKey: trpc.mailAdmin.account.queryKey({ name: account.name }),
        });
      }}
    >
      <p>{t('staffMail.deleteGroup.body')}</p>
    </ConfirmDialog>
  );
}
