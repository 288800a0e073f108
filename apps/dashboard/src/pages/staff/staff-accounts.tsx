// Staff creating accounts and handing over one-time password links (staffAccounts.*). An
// invitation is also emailed to the person when the hub sends mail, a reset link when their address
// is confirmed too; either way a link is shown exactly once, here, for staff to pass on themselves;
// it is kept only in this component's state and dropped when the dialog closes.
import { SUPPORTED_LANGUAGES, staffCreateUserSchema } from '@accounts/core/identity/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Notice } from '../../components/notice.tsx';
import { ErrorState } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { LANGUAGE_NAMES } from '../../i18n/language.ts';
import { useSchemaForm } from '../../lib/form.ts';
import { useTRPC } from '../../lib/trpc.ts';

interface OneTimeLink {
  link: string;
  expiresAt: Date;
  /** The address it was emailed to; absent or null: staff must hand it over. */
  mailedTo?: string | null;
}

/** The link, a copy button, and the plain facts: shown once, whether it was emailed, when it expires. */
function OneTimeLinkView({ link }: { link: OneTimeLink }) {
  const { t, format } = useI18n();
  const toast = useToast();
  const box = useRef<HTMLDivElement>(null);
  // The dialog's earlier content (and the focus in it) is gone: start from the copy button.
  useEffect(() => box.current?.querySelector('button')?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.link);
      toast.show({ key: 'staffAccounts.link.copied' });
    } catch {
      box.current?.querySelector('input')?.select();
      toast.show({ key: 'staffAccounts.link.copyFailed' }, 'error');
    }
  };
  return (
    <div className="form">
      {link.mailedTo ? (
        <Notice tone="info">{t('staffAccounts.link.mailedNote', { email: link.mailedTo })}</Notice>
      ) : (
        <Notice tone="warning">{t('staffAccounts.link.onceNote')}</Notice>
      )}
      <div className="copy-field" ref={box}>
        <TextField
          name="oneTimeLink"
          label={t('staffAccounts.link.label')}
          description={t('staffAccounts.link.expires', { date: format.dateTime(link.expiresAt) })}
          value={link.link}
          onChange={() => {}}
          readOnly
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button variant="primary" onClick={copy}>
          {t('staffAccounts.link.copy')}
        </Button>
      </div>
    </div>
  );
}

interface CreatedUser {
  id: string;
  email: string;
  invitation: OneTimeLink | null;
  /** Under Mozilla sign-in: where the note to sign in went, when the hub sends mail. */
  mailedTo: string | null;
}

/** "Create user" on the staff users page: a form, then the invitation link (or, under fxa, a note). */
export function CreateUserButton() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const options = useQuery(trpc.auth.options.queryOptions());
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const close = () => {
    setCreated(null);
    setOpen(false);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('staffAccounts.create.button')}</Button>
      <Dialog
        open={open}
        onClose={close}
        title={
          created?.invitation
            ? t('staffAccounts.link.inviteTitle', { email: created.email })
            : created
              ? t('staffAccounts.create.done', { email: created.email })
              : t('staffAccounts.create.title')
        }
        description={
          created ? undefined : (
            <>
              {t('staffAccounts.create.intro')}{' '}
              {options.data?.authScheme === 'fxa'
                ? t('staffAccounts.create.introFxa')
                : t('staffAccounts.create.introPassword')}
            </>
          )
        }
        actions={
          created ? (
            <>
              <Link
                to="/staff/users/$userId"
                params={{ userId: created.id }}
                className="button button-secondary"
                onClick={close}
              >
                {t('staffAccounts.create.openUser')}
              </Link>
              <Button variant={created.invitation ? 'secondary' : 'primary'} onClick={close}>
                {t('staffAccounts.link.done')}
              </Button>
            </>
          ) : undefined
        }
      >
        {created?.invitation ? (
          <OneTimeLinkView link={created.invitation} />
        ) : created ? (
          <p>
            {created.mailedTo
              ? t('staffAccounts.create.doneFxaMailed', { email: created.mailedTo })
              : t('staffAccounts.create.doneFxa', { email: created.email })}
          </p>
        ) : (
          <CreateUserForm onCreated={setCreated} onCancel={close} />
        )}
      </Dialog>
    </>
  );
}

function CreateUserForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: CreatedUser) => void;
  onCancel: () => void;
}) {
  const { t, language } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const staffId = useId();
  const me = useQuery(trpc.me.get.queryOptions());
  const create = useMutation(
    trpc.staffAccounts.createUser.mutationOptions({
      // The answer holds the one-time link: keep it in no cache once this form is gone.
      gcTime: 0,
      // A new row for the user lists; nothing else changed.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staffUsers.search.pathKey() }),
    }),
  );
  const form = useSchemaForm({
    schema: staffCreateUserSchema,
    initialValues: { email: '', displayName: undefined, isStaff: false, language },
    t,
    fieldMessages: { email: 'staffAccounts.create.emailTaken' },
    onSubmit: async (values) => {
      const result = await create.mutateAsync(values);
      onCreated({
        id: result.user.id,
        email: result.user.email,
        invitation: result.invitation,
        mailedTo: result.mailedTo,
      });
    },
  });
  const canCreateStaff = me.data?.isSuperuser ?? false;

  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="email"
        type="email"
        label={t('staffAccounts.create.email')}
        autoComplete="off"
        spellCheck={false}
        required
        value={form.values.email}
        error={form.errors.email}
        onChange={(value) => form.setValue('email', value)}
        data-autofocus
      />
      <TextField
        name="displayName"
        label={t('staffAccounts.create.name')}
        autoComplete="off"
        value={form.values.displayName ?? ''}
        error={form.errors.displayName}
        onChange={(value) => form.setValue('displayName', value.trim() ? value : undefined)}
      />
      <SelectField
        name="language"
        label={t('staffAccounts.create.language')}
        description={t('staffAccounts.create.languageHint')}
        value={form.values.language ?? language}
        options={SUPPORTED_LANGUAGES.map((code) => ({
          value: code,
          label: LANGUAGE_NAMES[code],
          lang: code,
        }))}
        onChange={(value) => form.setValue('language', value as (typeof SUPPORTED_LANGUAGES)[number])}
      />
      <div className="checkbox-field">
        <input
          id={staffId}
          name="isStaff"
          type="checkbox"
          checked={form.values.isStaff ?? false}
          disabled={!canCreateStaff}
          aria-describedby={canCreateStaff ? undefined : `${staffId}-note`}
          onChange={(event) => form.setValue('isStaff', event.target.checked)}
        />
        <label htmlFor={staffId}>{t('staffAccounts.create.staff')}</label>
        {canCreateStaff ? null : (
          <p id={`${staffId}-note`} className="field-description">
            {t('staffAccounts.create.staffOnlySuperusers')}
          </p>
        )}
      </div>
      <FormFooter form={form} submitLabel={t('staffAccounts.create.submit')} onCancel={onCancel} />
    </form>
  );
}

/** "Create password reset link" on a user's page (AUTH_SCHEME=password): confirm, then the link once. */
export function ResetLinkButton({
  user,
  disabled = false,
  ...described
}: {
  user: { id: string; email: string };
  /** The viewer may not make a link for this account (another staff member's, unless a superuser). */
  disabled?: boolean;
  'aria-describedby'?: string;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'closed' | 'confirm' | 'link'>('closed');
  const [link, setLink] = useState<OneTimeLink | null>(null);
  const createLink = useMutation(
    trpc.staffAccounts.createResetLink.mutationOptions({
      // The answer is the one-time link: keep it in no cache once the dialog is closed.
      gcTime: 0,
      // The user's recent changes gained an audit entry.
      onSuccess: () =>
        queryClient.invalidateQueries({ queryKey: trpc.staffUsers.get.queryKey({ userId: user.id }) }),
    }),
  );
  const close = () => {
    setLink(null);
    createLink.reset();
    setStep('closed');
  };
  const run = async () => {
    try {
      setLink(await createLink.mutateAsync({ userId: user.id }));
      setStep('link');
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };
  return (
    <>
      <Button variant="secondary" onClick={() => setStep('confirm')} disabled={disabled} {...described}>
        {t('staffAccounts.reset.button')}
      </Button>
      <Dialog
        open={step !== 'closed'}
        onClose={close}
        title={
          step === 'link'
            ? t('staffAccounts.link.resetTitle', { email: user.email })
            : t('staffAccounts.reset.title')
        }
        actions={
          step === 'link' ? (
            <Button variant="secondary" onClick={close}>
              {t('staffAccounts.link.done')}
            </Button>
          ) : (
            <>
              <Button variant="secondary" onClick={close} data-autofocus>
                {t('common.cancel')}
              </Button>
              <Button busy={createLink.isPending} onClick={run}>
                {t('staffAccounts.reset.confirm')}
              </Button>
            </>
          )
        }
      >
        {step === 'link' && link ? (
          <OneTimeLinkView link={link} />
        ) : (
          <>
            <p>{t('staffAccounts.reset.body', { email: user.email })}</p>
            {createLink.error ? <ErrorState error={createLink.error} /> : null}
          </>
        )}
      </Dialog>
    </>
  );
}
