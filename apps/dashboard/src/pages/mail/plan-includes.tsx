import { Card, Details } from '../../components/page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { MailOverview } from './frame.tsx';

/** What the person's plan gives them in mail. */
export function PlanIncludes({ entitlements }: { entitlements: NonNullable<MailOverview['entitlements']> }) {
  const { t, format } = useI18n();
  return (
    <Card title={t('mail.plan.title')} titleId="mail-plan">
      <Details
        items={[
          { label: t('mail.plan.storage'), value: format.bytes(entitlements.quotaBytes) },
          { label: t('mail.plan.aliases'), value: format.number(entitlements.maxAliases) },
          { label: t('mail.plan.appPasswords'), value: format.number(entitlements.maxAppPasswords) },
          { label: t('mail.plan.domains'), value: format.number(entitlements.maxCustomDomains) },
        ]}
      />
    </Card>
  );
}
