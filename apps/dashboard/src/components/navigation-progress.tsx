import { useRouterState } from '@tanstack/react-router';
import { type CSSProperties, useEffect, useState } from 'react';
import { useT } from '../i18n/index.tsx';

/** Quicker navigations than this show no bar (a flash of one reads as a glitch). */
const SHOW_AFTER_MS = 150;

// Inline styles: this bar is behaviour, not part of the page's design system (styles.css).
const track: CSSProperties = {
  position: 'fixed',
  insetInline: 0,
  top: 0,
  height: 3,
  zIndex: 50,
  pointerEvents: 'none',
};

/**
 * A thin bar at the top of the window while the next page loads (its code, or the data its
 * loader waits for). Before, the sidebar already marked the new page while the old one stayed,
 * with no sign that anything was happening. Announced once to screen readers.
 */
export function NavigationProgress() {
  const t = useT();
  const pending = useRouterState({ select: (state) => state.status === 'pending' });
  const [visible, setVisible] = useState(false);
  const [grown, setGrown] = useState(false);

  useEffect(() => {
    if (!pending) {
      setVisible(false);
      setGrown(false);
      return;
    }
    const show = setTimeout(() => {
      setVisible(true);
      // Next frame: the bar starts narrow and grows, so the transition runs.
      requestAnimationFrame(() => setGrown(true));
    }, SHOW_AFTER_MS);
    return () => clearTimeout(show);
  }, [pending]);

  return (
    <>
      {visible ? (
        <div style={track} data-testid="navigation-progress" aria-hidden="true">
          <div
            style={{
              height: '100%',
              width: grown ? '90%' : '10%',
              background: 'var(--accent, #0060df)',
              // Slows down as it goes: it never claims to be done before the page is.
              transition: 'width 8s cubic-bezier(0.1, 0.7, 0.2, 1)',
            }}
          />
        </div>
      ) : null}
      <p className="visually-hidden" role="status">
        {visible ? t('state.loadingPage') : ''}
      </p>
    </>
  );
}
