import type { UserDto } from '@accounts/core/identity/browser';
import { Link, useRouterState } from '@tanstack/react-router';
import {
  AppWindow,
  CreditCard,
  History,
  House,
  Inbox,
  ListChecks,
  type LucideIcon,
  Mail,
  MailWarning,
  Menu,
  Receipt,
  ScrollText,
  Shield,
  ShieldCheck,
  UserRound,
  Users,
  Webhook,
} from 'lucide-react';
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
    | '/activity'
    | '/staff/users'
    | '/staff/clients'
    | '/staff/webhooks'
    | '/staff/allow-list'
    | '/staff/subscriptions'
    | '/staff/mail'
    | '/staff/audit'
    | '/staff/outgoing-mail';
  label: TranslationKey;
  /** A tree-shaken lucide icon beside the label (decorative). */
  icon?: LucideIcon;
}

/** The hub's mark (the same drawing is the favicon in index.html); decorative beside the name. */
function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#7542e5" />
      <path d="M9 21.5 16 8l7 13.5h-4.2L16 15.8l-2.8 5.7Z" fill="#fff" />
    </svg>
  );
}

/** The navigation for people; every signed-in person sees these. */
export const PERSON_NAV: readonly NavItem[] = [
  { to: '/', label: 'nav.overview', icon: House },
  { to: '/profile', label: 'nav.profile', icon: UserRound },
  { to: '/security', label: 'nav.security', icon: ShieldCheck },
  { to: '/subscription', label: 'nav.subscription', icon: CreditCard },
  { to: '/mail', label: 'nav.mail', icon: Mail },
  { to: '/activity', label: 'nav.activity', icon: History },
  { to: '/privacy', label: 'nav.privacy', icon: Shield },
];

/** The staff area; shown to staff only, and every one of its procedures is refused to others. */
export const STAFF_NAV: readonly NavItem[] = [
  { to: '/staff/users', label: 'nav.staff.users', icon: Users },
  { to: '/staff/clients', label: 'nav.staff.clients', icon: AppWindow },
  { to: '/staff/webhooks', label: 'nav.staff.webhooks', icon: Webhook },
  { to: '/staff/allow-list', label: 'allowList.nav', icon: ListChecks },
  { to: '/staff/subscriptions', label: 'nav.staff.subscriptions', icon: Receipt },
  { to: '/staff/mail', label: 'nav.staff.mail', icon: Inbox },
  { to: '/staff/audit', label: 'nav.staff.audit', icon: ScrollText },
  { to: '/staff/outgoing-mail', label: 'nav.staff.outgoingMail', icon: MailWarning },
];

function NavList({ items, label }: { items: readonly NavItem[]; label: string }) {
  const t = useT();
  return (
    <div className="nav-group">
      <p className="nav-group-title" aria-hidden="true">
        {label}
      </p>
      <ul aria-label={label}>
        {items.map(({ icon: Icon, ...item }) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="nav-link"
              activeOptions={{ exact: item.to === '/', includeSearch: false }}
              activeProps={{ className: 'nav-link nav-link-active', 'aria-current': 'page' }}
            >
              {Icon ? <Icon className="icon" aria-hidden="true" /> : null}
              <span>{t(item.label)}</span>
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
          <BrandMark />
          {t('app.name')}
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Menu className="icon" aria-hidden="true" />
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
          <BrandMark />
          {t('app.name')}
        </a>
      </header>
      <main id="main" className="shell-main shell-main-plain" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
