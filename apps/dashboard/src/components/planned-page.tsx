import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/index.tsx';
import type { TranslationKey } from '../i18n/translate.ts';
import { PageHeader } from './page.tsx';

export interface PlannedPageProps {
  title: TranslationKey;
  /** What this page will offer, in a sentence or two. */
  description: TranslationKey;
  /** Where "back" goes: the overview for people's pages, the users list for staff pages. */
  backTo: '/' | '/staff/users';
}

/**
 * Holds the place of a page another area is building: its route, its navigation entry and a
 * plain statement of what it will offer. The owning area replaces the route's component.
 */
export function PlannedPage({ title, description, backTo }: PlannedPageProps) {
  const t = useT();
  return (
    <>
      <PageHeader title={t(title)} />
      <div className="card planned">
        <p>{t(description)}</p>
        <p className="planned-note">{t('planned.notYet')}</p>
        <Link to={backTo} className="button button-secondary">
          {backTo === '/' ? t('planned.backToOverview') : t('planned.backToUsers')}
        </Link>
      </div>
    </>
  );
}
