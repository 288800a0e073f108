import { useQuery } from '@tanstack/react-query';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useTRPC } from '../lib/trpc.ts';

export default function OverviewPage() {
  const trpc = useTRPC();
  const health = useQuery(trpc.system.health.queryOptions());

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      {health.isPending ? <LoadingState label="Checking the service…" /> : null}
      {health.isError ? <ErrorState error={health.error} onRetry={() => health.refetch()} /> : null}
      {health.data ? (
        <p data-testid="service-status">
          Service status: <strong>{health.data.status}</strong> (database {health.data.database})
        </p>
      ) : null}
    </section>
  );
}
