import { Badge } from '../../components/page.tsx';
import { useI18n, useT } from '../../i18n/index.tsx';

interface AccountState {
  active: boolean;
  loginAllowed: boolean;
  owner: { suspended: boolean } | null;
}

/** What Stalwart does with the account, read from the columns it reads. */
export function AccountStatus({ account }: { account: AccountState }) {
  const t = useT();
  return (
    <span className="badges">
      {!account.active ? (
        <Badge tone="bad">{t('staffMail.status.off')}</Badge>
      ) : account.loginAllowed ? (
        <Badge tone="good">{t('staffMail.status.active')}</Badge>
      ) : (
        <Badge tone="warn">{t('staffMail.status.receiveOnly')}</Badge>
      )}
      {account.owner?.suspended ? <Badge tone="bad">{t('staffMail.status.suspended')}</Badge> : null}
    </span>
  );
}

/** Stalwart reads a quota of 0 as no limit. */
export function useQuotaText(): (bytes: number) => string {
  const { t, format } = useI18n();
  return (bytes) => (bytes === 0 ? t('staffMail.quota.unlimited') : format.bytes(bytes));
}
