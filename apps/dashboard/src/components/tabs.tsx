import { Link, type LinkProps, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';

export interface TabItem {
  to: NonNullable<LinkProps['to']>;
  label: string;
}

/**
 * Links between the sections of one page family, as tabs. They stay on one row; on a phone the
 * row scrolls sideways and the current tab is scrolled into view, so it is never hidden on a
 * second line or off screen.
 */
export function Tabs({ label, items }: { label: string; items: readonly TabItem[] }) {
  const nav = useRef<HTMLElement>(null);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation on purpose
  useEffect(() => {
    const strip = nav.current;
    const active = strip?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!strip || !active) return;
    const offset = active.offsetLeft - strip.offsetLeft;
    if (offset < strip.scrollLeft || offset + active.offsetWidth > strip.scrollLeft + strip.clientWidth)
      strip.scrollLeft = offset - 16;
  }, [pathname]);
  return (
    <nav ref={nav} className="tabs" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="tab"
              activeOptions={{ exact: true, includeSearch: false }}
              activeProps={{ className: 'tab tab-active', 'aria-current': 'page' }}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
