import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/page.tsx';
import { Tabs } from '../../components/tabs.tsx';
import { useT } from '../../i18n/index.tsx';
import type { TranslationKey } from '../../i18n/translate.ts';
import { useTRPC } from '../../lib/trpc.ts';

const SECTIONS: readonly {
  to: '/mail' | '/mail/app-passwords' | '/mail/addresses' | '/mail/domains';
  label: TranslationKey;
}[] = [
  { to: '/mail', label: 'mail.tabs.overview' },
  { to: '/mail/app-passwords', label: 'mail.tabs.appPasswords' },
  { to: '/mail/addresses', label: 'mail.tabs.addresses' },
  { to: '/mail/domains', label: 'mail.tabs.domains' },
];

export function useMailOverview() {
  const trpc = useTRPC();
  return useQuery(trpc.mail.overview.queryOptions());
}

export type MailOverview = NonNullable<ReturnType<typeof useMailOverview>['data']>;

/** The heading of a mail page and the links between the mail pages. */
export function MailFrame({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <PageHeader title={title} description={description} />
      <Tabs
        label={t('mail.tabs.label')}
        items={SECTIONS.map((section) => ({ to: section.to, label: t(section.label) }))}
      />
      {children}
    </>
  );
}

/** How much of a plan's allowance is in use, in words and as a bar. */
export function Allowance({ used, limit, text }: { used: number; limit: number; text: string }) {
  const full = used >= limit;
  return (
    <div className={`allowance${full ? ' allowance-full' : ''}`}>
      <p>{text}</p>
      <span className="allowance-bar" aria-hidden="true">
        <span style={{ width: `${limit > 0 ? Math.min(100, (used / limit) * 100) : 100}%` }} />
      </span>
    </div>
  );
}
