import { PageHeader } from '../components/page.tsx';
import { PlainShell } from '../components/shell.tsx';
import { useT } from '../i18n/index.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <PlainShell>
      <PageHeader title={t('notFound.title')} description={t('notFound.body')} />
      <a className="button button-secondary" href="/">
        {t('notFound.home')}
      </a>
    </PlainShell>
  );
}
