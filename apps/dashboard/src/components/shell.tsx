import type { UserDto } from '@accounts/core/identity/browser';
import { Link, useRouterState } from '@tanstack/react-router';
import { type ReactNode, useEffect, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import type { TranslationKey } from '../i18n/translate.ts';
import { Avatar } from './avatar.tsx';
import { SignOutButton } from './sign-out-button.tsx';

interface NavItem {
  to:
    | '/'
    | '/profile'
    | '/security'
    | '/subscription'
    | '/mail'
    | '/privacy'
    | '/staff/users'
    | '/staff/clients'
    | '/staff/webhooks'
    | '/staff/allow-list'
    | '/staff/subscriptions'
    | '/staff/mail'
    | '/staff/audit'
    | '/staff/outgoing-mail';
  label: TranslationKey;
}

/** The navigation for people; every signed-in person sees these. */
export const PERSON_NAV: readonly NavItem[] = [
  { to: '/', label: 'nav.overview' },
  { to: '/profile', label: 'nav.profile' },
  { to: '/security', label: 'nav.security' },
  { to: '/subscription', label: 'nav.subscription' },
  { to: '/mail', label: 'nav.mail' },
  { to: '/privacy', label: 'nav.privacy' },
];

/** The staff area; shown to staff only, and every one of its procedures is refused to others. */
export const STAFF_NAV: readonly NavItem[] = [
  { to: '/staff/users', label: 'nav.staff.users' },
  { to: '/staff/clients', label: 'nav.staff.clients' },
  { to: '/staff/webhooks', label: 'nav.staff.webhooks' },
  { to: '/staff/allow-list', label: 'allowList.nav' },
  { to: '/staff/subscriptions', label: 'nav.staff.subscriptions' },
  { to: '/staff/mail', label: 'nav.staff.mail' },
  { to: '/staff/audit', label: 'nav.staff.audit' },
  { to: '/staff/outgoing-mail', label: 'nav.staff.outgoingMail' },
];

function NavList({ items, label }: { items: readonly NavItem[]; label: string }) {
  const t = useT();
  return (
    <div className="nav-group">
      <p className="nav-group-title" aria-hidden="true">
        {label}
      </p>
      <ul aria-label={label}>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="nav-link"
              activeOptions={{ exact: item.to === '/', includeSearch: false }}
              activeProps={{ className: 'nav-link nav-link-active', 'aria-current': 'page' }}
            >
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The signed-in layout: header, navigation (a menu on phones, a sidebar on wider screens), main. */
export function AppShell({ person, children }: { person: UserDto; children: ReactNode }) {
  const t = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  // A chosen link closes the phone menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('shell.menu')}
        </button>
        <div className="shell-person">
          <Avatar person={person} size={32} />
          <span className="shell-person-name">{person.displayName ?? person.email}</span>
        </div>
        <SignOutButton variant="ghost" className="header-button" />
      </header>
      <div className="shell-body">
        <nav
          id="site-nav"
          className={`shell-nav${menuOpen ? ' shell-nav-open' : ''}`}
          aria-label={t('shell.nav')}
        >
          <NavList items={PERSON_NAV} label={t('shell.nav.people')} />
          {person.isStaff ? <NavList items={STAFF_NAV} label={t('shell.nav.staff')} /> : null}
        </nav>
        <main id="main" className="shell-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** The layout of pages for people who are not signed in (or no longer have an account). */
export function PlainShell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/">
          {t('app.name')}
        </a>
      </header>
      <main id="main" className="shell-main shell-main-plain" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
