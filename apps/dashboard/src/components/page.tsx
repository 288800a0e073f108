import type { LucideIcon } from 'lucide-react';
import { type ReactNode, useEffect } from 'react';
import { useT } from '../i18n/index.tsx';
import { withEmailBreaks } from './email.tsx';

/**
 * The page's one h1 (focused after navigation, see shell.tsx) and the document title. Every page
 * has this header; its `actions` (the page's primary action first) always sit at its right on
 * wide screens and under the title on phones — the same place on every page.
 */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} className="page-title">
          {title}
        </h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

/** A titled card; its heading labels the section for landmark navigation. */
export function Card({
  title,
  titleId,
  children,
  tone,
  actions,
  icon: Icon,
}: {
  title: string;
  titleId: string;
  children: ReactNode;
  tone?: 'danger';
  /** The card's own actions, at the right of its title. */
  actions?: ReactNode;
  /** A decorative icon before the title. */
  icon?: LucideIcon;
}) {
  return (
    <section className={`card${tone ? ` card-${tone}` : ''}`} aria-labelledby={titleId}>
      <div className="card-header">
        <h2 id={titleId} className="card-title">
          {Icon ? <Icon className="icon" aria-hidden="true" /> : null}
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Label / value pairs. */
export function Details({ items }: { items: readonly { label: string; value: ReactNode }[] }) {
  return (
    <dl className="details">
      {items.map((item) => (
        <div key={item.label} className="details-row">
          <dt>{item.label}</dt>
          <dd>{withEmailBreaks(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'good' | 'warn' | 'bad';
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
