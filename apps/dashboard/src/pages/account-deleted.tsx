import { PageHeader } from '../components/page.tsx';
import { PlainShell } from '../components/shell.tsx';
import { useT } from '../i18n/index.tsx';
import { SIGN_IN_PATH } from '../lib/session.ts';

export default function AccountDeletedPage() {
  const t = useT();
  return (
    <PlainShell>
      <PageHeader title={t('accountDeleted.title')} description={t('accountDeleted.body')} />
      <a className="button button-secondary" href={SIGN_IN_PATH}>
        {t('accountDeleted.signIn')}
      </a>
    </PlainShell>
  );
}
