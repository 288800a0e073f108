import type { ReactNode } from 'react';
import { PageHeader } from '../components/page.tsx';
import { PlainShell } from '../components/shell.tsx';
import { LoadingState } from '../components/states.tsx';
import { useT } from '../i18n/index.tsx';

/**
 * The sign-in page's frame: the plain shell and one card with the page's header. Its own module
 * (no zod, no queries): the router shows it while the page loads, and the build renders that
 * into the page's HTML (src/first-frames.tsx).
 */
export function SignInCard({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <PlainShell>
      <div className="card sign-in-card">
        <PageHeader title={title} description={description} />
        {children}
      </div>
    </PlainShell>
  );
}

/** The sign-in page while its route loads (how people sign in, whether someone already is). */
export function SignInPending() {
  const t = useT();
  return (
    <SignInCard title={t('signIn.title')} description={t('signIn.intro')}>
      <LoadingState />
    </SignInCard>
  );
}
