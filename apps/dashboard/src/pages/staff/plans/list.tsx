import type { PlanDto } from '@accounts/core/billing/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { Badge, PageHeader } from '../../../components/page.tsx';
import { useToast } from '../../../components/toast.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useTRPC } from '../../../lib/trpc.ts';
import { priceText } from '../../billing/plan-list.tsx';
import { BillingTabs } from '../billing-common.tsx';
import { PlanForm } from './plan-form.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; plan: PlanDto } | null;

/** Staff: the plans the hub sells, what each one unlocks, and who holds it. */
export default function StaffPlansPage() {
  const i18n = useI18n();
  const { t, format } = i18n;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const plans = useQuery(trpc.billingAdmin.plans.queryOptions());
  const remove = useMutation(trpc.billingAdmin.deletePlan.mutationOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<PlanDto | null>(null);

  const confirmDelete = async (plan: PlanDto) => {
    await remove.mutateAsync({ id: plan.id });
    queryClient.setQueryData(trpc.billingAdmin.plans.queryKey(), (current) =>
      current?.filter((item) => item.id !== plan.id),
    );
    void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
    toast.show(t('staffPlans.deleted', { name: plan.name }));
  };

  return (
    <>
      <PageHeader
        title={t('staffPlans.title')}
        description={t('staffPlans.description')}
        actions={<Button onClick={() => setEditing({ mode: 'create' })}>{t('staffPlans.create')}</Button>}
      />
      <BillingTabs />
      <DataTable
        caption={t('staffPlans.title')}
        rows={plans.data}
        rowKey={(plan) => plan.id}
        isLoading={plans.isPending}
        error={plans.error}
        onRetry={() => plans.refetch()}
        emptyMessage={t('staffPlans.none')}
        columns={[
          {
            key: 'name',
            header: t('staffPlans.column.name'),
            isRowHeader: true,
            cell: (plan) => (
              <>
                {plan.name}
                <span className="cell-note">
                  {plan.paddlePriceIds.join(', ') || t('staffPlans.noPrices')}
                </span>
              </>
            ),
          },
          {
            key: 'price',
            header: t('staffPlans.column.price'),
            cell: (plan) => priceText(i18n, plan.priceAmount, plan.currency, plan.billingInterval),
          },
          {
            key: 'features',
            header: t('staffPlans.column.features'),
            cell: (plan) =>
              t('staffPlans.features', {
                quota: format.bytes(plan.mailboxQuotaBytes),
                aliases: format.number(plan.maxAliases),
                appPasswords: format.number(plan.maxAppPasswords),
                domains: format.number(plan.maxCustomDomains),
              }),
          },
          {
            key: 'clients',
            header: t('staffPlans.column.clients'),
            cell: (plan) => plan.clients.map((client) => client.name).join(', ') || '—',
          },
          {
            key: 'holders',
            header: t('staffPlans.column.holders'),
            cell: (plan) => format.number(plan.subscriberCount),
          },
          {
            key: 'status',
            header: t('staffPlans.column.status'),
            cell: (plan) =>
              plan.isActive ? (
                <Badge tone="good">{t('staffPlans.onSale')}</Badge>
              ) : (
                <Badge>{t('staffPlans.retired')}</Badge>
              ),
          },
          {
            key: 'actions',
            header: t('staffPlans.column.actions'),
            cell: (plan) => (
              <span className="badges">
                <Button
                  variant="secondary"
                  onClick={() => setEditing({ mode: 'edit', plan })}
                  aria-label={t('staffPlans.editNamed', { name: plan.name })}
                >
                  {t('staffPlans.edit')}
                </Button>
                {plan.subscriberCount === 0 ? (
                  <Button
                    variant="ghost"
                    onClick={() => setDeleting(plan)}
                    aria-label={t('staffPlans.deleteNamed', { name: plan.name })}
                  >
                    {t('staffPlans.delete')}
                  </Button>
                ) : null}
              </span>
            ),
          },
        ]}
      />
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing?.mode === 'edit'
            ? t('staffPlans.editTitle', { name: editing.plan.name })
            : t('staffPlans.createTitle')
        }
        description={t('staffPlans.formIntro')}
      >
        {editing ? (
          <PlanForm
            key={editing.mode === 'edit' ? editing.plan.id : 'new'}
            plan={editing.mode === 'edit' ? editing.plan : undefined}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('staffPlans.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('staffPlans.delete')}
        tone="danger"
        onConfirm={() => (deleting ? confirmDelete(deleting) : Promise.resolve())}
        onClose={() => setDeleting(null)}
      >
        <p>{t('staffPlans.deleteExplained')}</p>
      </ConfirmDialog>
    </>
  );
}
