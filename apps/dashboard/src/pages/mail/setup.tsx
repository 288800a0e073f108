import { localPartInput } from '@accounts/core/mail/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId } from 'react';
import { Field } from '../../components/field.tsx';
import { FormFooter } from '../../components/form-footer.tsx';
import { Notice } from '../../components/notice.tsx';
import { Card, PageHeader } from '../../components/page.tsx';
import { describeError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useDebouncedValue } from '../../lib/debounce.ts';
import { useSchemaForm } from '../../lib/form.ts';
import { reasonText } from '../../lib/reasons.ts';
import { useTRPC } from '../../lib/trpc.ts';
import type { MailOverview } from './frame.tsx';
import { PlanIncludes } from './plan-includes.tsx';

/** Time to wait after the last keystroke before asking whether an address is free. */
const CHECK_PAUSE_MS = 300;

export function MailSetup({ overview }: { overview: MailOverview }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('mail.title')} description={t('mail.setup.description')} />
      {overview.canChooseAddress && overview.entitlements ? (
        <div className="grid">
          <ChooseAddress domains={overview.domains} />
          <PlanIncludes entitlements={overview.entitlements} />
        </div>
      ) : (
        <Card title={t('mail.noPlan.title')} titleId="mail-no-plan">
          <p>{t('mail.noPlan.body')}</p>
          <p className="muted">{t('mail.noPlan.what')}</p>
          <Link to="/subscription" className="button button-primary">
            {t('mail.noPlan.link')}
          </Link>
        </Card>
      )}
    </>
  );
}

type Availability = { tone: 'neutral' | 'good' | 'bad'; text: string } | null;

function ChooseAddress({ domains }: { domains: string[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const statusId = useId();
  const [primary = '', ...others] = domains;

  const choose = useMutation(
    trpc.mail.chooseAddress.mutationOptions({
      onSuccess: async () => {
        // Every mail answer changes once there is a mailbox (lists existed only as refusals).
        await queryClient.invalidateQueries({ queryKey: trpc.mail.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.profile.overview.queryKey() });
      },
    }),
  );
  const form = useSchemaForm({
    schema: localPartInput,
    initialValues: { localPart: '' },
    t,
    onSubmit: async (values) => {
      const created = await choose.mutateAsync(values);
      toast.show(t('mail.setup.done', { address: created.address }));
    },
  });

  // One question per pause in typing; each answer is cached under its own text, so a late answer
  // for an earlier text can never be shown for the current one.
  const typed = form.values.localPart.trim().toLowerCase();
  const settled = useDebouncedValue(typed, CHECK_PAUSE_MS);
  const check = useQuery({
    ...trpc.mail.checkAddress.queryOptions({ localPart: settled }),
    enabled: settled.length > 0,
    staleTime: 5_000,
  });

  let availability: Availability = null;
  // A refusal of the submitted address is on the field already: once is enough.
  if (!typed || form.errors.localPart) availability = null;
  else if (typed !== settled || check.isPending)
    availability = { tone: 'neutral', text: t('mail.setup.checking') };
  else if (check.isError) availability = { tone: 'bad', text: describeError(check.error, t) };
  else if (check.data.available)
    availability = { tone: 'good', text: t('mail.setup.available', { address: check.data.address }) };
  else
    availability = {
      tone: 'bad',
      text:
        reasonText(check.data.reasonCode, check.data.reasonParams, t) ??
        check.data.reason ??
        t('mail.setup.unavailable'),
    };

  return (
    <Card title={t('mail.setup.title')} titleId="mail-choose">
      <form className="form" onSubmit={form.handleSubmit} noValidate>
        <Field
          label={t('mail.setup.label')}
          description={
            others.length > 0
              ? t('mail.setup.hintOthers', { domains: others.map((domain) => `@${domain}`).join(', ') })
              : t('mail.setup.hint')
          }
          error={form.errors.localPart}
        >
          {(ids) => (
            <div className="input-group">
              <input
                id={ids.control}
                name="localPart"
                className="input"
                value={form.values.localPart}
                onChange={(event) => form.setValue('localPart', event.target.value)}
                aria-invalid={form.errors.localPart ? true : undefined}
                aria-describedby={[ids.describedBy, statusId].filter(Boolean).join(' ')}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={64}
              />
              <span className="input-suffix">@{primary}</span>
            </div>
          )}
        </Field>
        <p
          id={statusId}
          role="status"
          className={`availability availability-${availability?.tone ?? 'none'}`}
        >
          {availability ? (
            <>
              <span className="availability-mark" aria-hidden="true">
                {availability.tone === 'good' ? '✓' : availability.tone === 'bad' ? '✗' : '…'}
              </span>
              {availability.text}
            </>
          ) : null}
        </p>
        <Notice tone="warning">{t('mail.setup.permanent')}</Notice>
        <FormFooter form={form} submitLabel={t('mail.setup.submit')} />
      </form>
    </Card>
  );
}
