import { Badge } from '../../../components/page.tsx';
import { useT } from '../../../i18n/index.tsx';

/** Active or inactive: a client, an environment or a webhook. */
export function ActiveBadge({ isActive }: { isActive: boolean }) {
  const t = useT();
  return isActive ? (
    <Badge tone="good">{t('clients.active')}</Badge>
  ) : (
    <Badge tone="bad">{t('clients.inactive')}</Badge>
  );
}

/** A client's state in the list and on its page. */
export function ClientBadges({ isActive, isFirstParty }: { isActive: boolean; isFirstParty: boolean }) {
  const t = useT();
  return (
    <span className="badges">
      <ActiveBadge isActive={isActive} />
      {isFirstParty ? <Badge>{t('clients.firstParty')}</Badge> : null}
    </span>
  );
}
