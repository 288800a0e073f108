import { Outlet } from '@tanstack/react-router';
import { PageHeader } from '../../components/page.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { useT } from '../../i18n/index.tsx';
import { useMailOverview } from './frame.tsx';
import { MailSetup } from './setup.tsx';

/**
 * Every mail page needs a mailbox: until the person has one, each of them shows how to get it
 * (choose the address, or first a plan with mail).
 */
export default function MailLayout() {
  const t = useT();
  const overview = useMailOverview();
  if (!overview.data) {
    return (
      <>
        <PageHeader title={t('mail.title')} />
        {overview.isError ? (
          <ErrorState error={overview.error} onRetry={() => overview.refetch()} />
        ) : (
          <LoadingState />
        )}
      </>
    );
  }
  if (!overview.data.mailbox) return <MailSetup overview={overview.data} />;
  return <Outlet />;
}
