import type { PlanDto } from '@accounts/core/billing/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SelectField, TextField } from '../../../components/field.tsx';
import { FormFooter } from '../../../components/form-footer.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useSchemaForm } from '../../../lib/form.ts';
import { useTRPC } from '../../../lib/trpc.ts';
import { CheckboxField, TextAreaField } from '../shared/fields.tsx';
import { EMPTY_PLAN_FORM, formToPlanInput, planFormSchema, planToForm } from './plan-form-schema.ts';

/** Creates a plan, or edits one (`plan` given). Saved plans replace their row in the cached list. */
export function PlanForm({ plan, onDone }: { plan?: PlanDto; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const clients = useQuery(trpc.clients.list.queryOptions({ page: 1, pageSize: 100 }));
  const create = useMutation(trpc.billingAdmin.createPlan.mutationOptions());
  const update = useMutation(trpc.billingAdmin.updatePlan.mutationOptions());
  const listKey = trpc.billingAdmin.plans.queryKey();

  const form = useSchemaForm({
    schema: planFormSchema,
    initialValues: plan ? planToForm(plan) : EMPTY_PLAN_FORM,
    t,
    fieldMessages: { name: 'staffPlans.form.nameTaken', paddlePriceIds: 'staffPlans.form.priceTaken' },
    checkMessages: { paddlePriceIds: 'staffPlans.form.priceFormat' },
    onSubmit: async (values) => {
      const input = formToPlanInput(values);
      const saved = plan
        ? await update.mutateAsync({ id: plan.id, ...input })
        : await create.mutateAsync(input);
      queryClient.setQueryData(listKey, (current) => {
        if (!current) return current;
        const others = current.filter((item) => item.id !== saved.id);
        return [...others, saved].sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
      });
      // People's plan lists show prices and features from the same rows.
      void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
      toast.show(t(plan ? 'staffPlans.saved' : 'staffPlans.created', { name: saved.name }));
      onDone();
    },
  });
  const { values, errors, setValue } = form;

  const toggleClient = (id: string, on: boolean) =>
    setValue('clientIds', on ? [...values.clientIds, id] : values.clientIds.filter((other) => other !== id));

  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate>
      <TextField
        name="name"
        label={t('staffPlans.form.name')}
        value={values.name}
        error={errors.name}
        onChange={(value) => setValue('name', value)}
        autoComplete="off"
        data-autofocus
      />
      <TextAreaField
        name="description"
        label={t('staffPlans.form.description')}
        description={t('staffPlans.form.optional')}
        value={values.description}
        error={errors.description}
        onChange={(value) => setValue('description', value)}
      />
      <fieldset className="fieldset">
        <legend>{t('staffPlans.form.german')}</legend>
        <p className="muted small">{t('staffPlans.form.germanHint')}</p>
        <TextField
          name="nameDe"
          label={t('staffPlans.form.nameDe')}
          lang="de"
          value={values.nameDe}
          error={errors.nameDe}
          onChange={(value) => setValue('nameDe', value)}
          autoComplete="off"
        />
        <TextAreaField
          name="descriptionDe"
          label={t('staffPlans.form.descriptionDe')}
          lang="de"
          value={values.descriptionDe}
          error={errors.descriptionDe}
          onChange={(value) => setValue('descriptionDe', value)}
        />
      </fieldset>
      <TextAreaField
        name="paddlePriceIds"
        label={t('staffPlans.form.prices')}
        description={t('staffPlans.form.pricesHint')}
        value={values.paddlePriceIds}
        error={errors.paddlePriceIds}
        onChange={(value) => setValue('paddlePriceIds', value)}
        spellCheck={false}
      />
      <div className="form-row">
        <TextField
          name="priceAmount"
          inputMode="decimal"
          label={t('staffPlans.form.price')}
          description={t('staffPlans.form.priceHint')}
          value={values.priceAmount}
          error={errors.priceAmount}
          onChange={(value) => setValue('priceAmount', value)}
          autoComplete="off"
        />
        <TextField
          name="currency"
          label={t('staffPlans.form.currency')}
          value={values.currency}
          error={errors.currency}
          onChange={(value) => setValue('currency', value)}
          autoComplete="off"
          maxLength={3}
        />
        <SelectField
          name="billingInterval"
          label={t('staffPlans.form.interval')}
          value={values.billingInterval}
          error={errors.billingInterval}
          options={[
            { value: 'month', label: t('staffPlans.interval.month') },
            { value: 'year', label: t('staffPlans.interval.year') },
          ]}
          onChange={(value) => setValue('billingInterval', value as 'month' | 'year')}
        />
      </div>
      <div className="form-row">
        <TextField
          name="mailboxQuotaBytes"
          inputMode="decimal"
          label={t('staffPlans.form.quota')}
          value={values.mailboxQuotaBytes}
          error={errors.mailboxQuotaBytes}
          onChange={(value) => setValue('mailboxQuotaBytes', value)}
          autoComplete="off"
        />
        <TextField
          name="maxAliases"
          inputMode="numeric"
          label={t('staffPlans.form.aliases')}
          value={values.maxAliases}
          error={errors.maxAliases}
          onChange={(value) => setValue('maxAliases', value)}
          autoComplete="off"
        />
        <TextField
          name="maxAppPasswords"
          inputMode="numeric"
          label={t('staffPlans.form.appPasswords')}
          value={values.maxAppPasswords}
          error={errors.maxAppPasswords}
          onChange={(value) => setValue('maxAppPasswords', value)}
          autoComplete="off"
        />
        <TextField
          name="maxCustomDomains"
          inputMode="numeric"
          label={t('staffPlans.form.domains')}
          value={values.maxCustomDomains}
          error={errors.maxCustomDomains}
          onChange={(value) => setValue('maxCustomDomains', value)}
          autoComplete="off"
        />
      </div>
      <fieldset className="fieldset fieldset-divided">
        <legend className="field-label">{t('staffPlans.form.clients')}</legend>
        <p className="field-description">{t('staffPlans.form.clientsHint')}</p>
        {clients.data?.items.length === 0 ? <p>{t('staffPlans.form.noClients')}</p> : null}
        {clients.data?.items.map((client) => (
          <CheckboxField
            key={client.id}
            label={client.name}
            checked={values.clientIds.includes(client.id)}
            onChange={(on) => toggleClient(client.id, on)}
          />
        ))}
      </fieldset>
      <TextField
        name="sortOrder"
        inputMode="numeric"
        label={t('staffPlans.form.sortOrder')}
        description={t('staffPlans.form.sortOrderHint')}
        value={values.sortOrder}
        error={errors.sortOrder}
        onChange={(value) => setValue('sortOrder', value)}
        autoComplete="off"
      />
      <CheckboxField
        name="isActive"
        label={t('staffPlans.form.onSale')}
        description={t('staffPlans.form.onSaleHint')}
        checked={values.isActive}
        onChange={(checked) => setValue('isActive', checked)}
      />
      <FormFooter
        form={form}
        submitLabel={t(plan ? 'staffPlans.save' : 'staffPlans.createSubmit')}
        onCancel={onDone}
      />
    </form>
  );
}
