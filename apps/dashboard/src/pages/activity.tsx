import { useQuery } from '@tanstack/react-query';
import { ActivityTable } from '../components/activity-table.tsx';
import { PageHeader } from '../components/page.tsx';
import { useT } from '../i18n/index.tsx';
import { useTRPC } from '../lib/trpc.ts';

/** The changes made to the person's own account, newest first (the same list the export holds). */
export default function ActivityPage() {
  const t = useT();
  const trpc = useTRPC();
  const activity = useQuery(trpc.privacy.activity.queryOptions());
  return (
    <>
      <PageHeader title={t('activity.title')} description={t('activity.description')} />
      <ActivityTable
        entries={activity.data}
        isLoading={activity.isPending}
        error={activity.error}
        onRetry={() => activity.refetch()}
      />
    </>
  );
}
