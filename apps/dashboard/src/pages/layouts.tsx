import { useQuery } from '@tanstack/react-query';
import { Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { PageHeader } from '../components/page.tsx';
import { AppShell } from '../components/shell.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { useT } from '../i18n/index.tsx';
import { setInSignedInArea } from '../lib/session.ts';
import { useTRPC } from '../lib/trpc.ts';

/** The signed-in area: the route loader has already fetched `me.get`. */
export function AppLayout() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());

  useEffect(() => {
    setInSignedInArea(true);
    return () => setInSignedInArea(false);
  }, []);

  if (!me.data) {
    return me.isError ? <ErrorState error={me.error} onRetry={() => me.refetch()} /> : <LoadingState />;
  }
  return (
    <AppShell person={me.data}>
      <Outlet />
    </AppShell>
  );
}

/**
 * The staff area. Hiding it is only for tidiness: every staff procedure is refused by the API
 * to anyone who is not staff (staffProcedure), whatever the browser shows.
 */
export function StaffLayout() {
  const t = useT();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  if (me.data && !me.data.isStaff) {
    return (
      <>
        <PageHeader title={t('staff.onlyTitle')} />
        <p role="alert" className="state state-error">
          {t('staff.only')}
        </p>
      </>
    );
  }
  return <Outlet />;
}
