import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../components/page.tsx';
import { PlainShell } from '../components/shell.tsx';
import { LoadingState } from '../components/states.tsx';
import { useT } from '../i18n/index.tsx';
import { useTRPC } from '../lib/trpc.ts';

/**
 * An address we have no page for. It speaks the person's chosen language, not the browser's:
 * it asks who is signed in (`me.maybe`, which the language provider follows) before it shows,
 * and falls back to the browser's language for a visitor or when the API cannot say.
 */
export function NotFoundPage() {
  const t = useT();
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.me.maybe.queryOptions(), retry: false });
  return (
    <PlainShell>
      {me.isPending ? (
        <LoadingState />
      ) : (
        <>
          <PageHeader title={t('notFound.title')} description={t('notFound.body')} />
          <a className="button button-secondary" href="/">
            {t('notFound.home')}
          </a>
        </>
      )}
    </PlainShell>
  );
}
