import type { ReactNode } from 'react';
import { PageHeader } from '../components/page.tsx';
import { PlainShell } from '../components/shell.tsx';

/**
 * The frame of the sign-in pages (sign-in, its errors, check your mail, confirm an address, cannot
 * sign up here): the plain shell and one card with the page's header. Its own module
 * (no zod, no queries): the build renders it into the page's HTML too (src/first-frames.tsx).
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
