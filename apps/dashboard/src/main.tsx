import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { type ReactNode, StrictMode, startTransition, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ToastProvider } from './components/toast.tsx';
import { I18nProvider, preloadBrowserCatalogue } from './i18n/index.tsx';
import { browserTimeZone } from './i18n/language.ts';
import { removeFirstFrameOnceShown } from './lib/first-frame.ts';
import { handleLostSession, SIGN_IN_PATH } from './lib/session.ts';
import { makeQueryClient, makeTrpcClient, makeTrpcOptions, TRPCProvider, useTRPC } from './lib/trpc.ts';
import { makeRouter } from './router.tsx';
import './styles.css';

preloadBrowserCatalogue();

const queryClient = makeQueryClient({ onUnauthorized: handleLostSession });
const trpcClient = makeTrpcClient();
const router = makeRouter({ queryClient, trpc: makeTrpcOptions(trpcClient, queryClient) });

// After a navigation, move focus to the new page's heading so screen readers announce it
// (the first load keeps the browser's own focus).
router.subscribe('onResolved', ({ fromLocation, toLocation }) => {
  if (!fromLocation || fromLocation.pathname === toLocation.pathname) return;
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
});

/**
 * Language and time zone follow the signed-in person when known (never fetched from here). The
 * last known settings stay after the cache is cleared, so the goodbye page after an account
 * deletion still speaks the person's language.
 */
function PersonI18n({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.me.get.queryOptions(), enabled: false });
  // The sign-in page asks `me.maybe`: someone already signed in sees it in their own language.
  const maybe = useQuery({ ...trpc.me.maybe.queryOptions(), enabled: false });
  const [lastKnown, setLastKnown] = useState<{ language: string; timezone: string } | null>(null);
  const language = me.data?.language ?? maybe.data?.user?.language;
  const timezone = me.data?.timezone ?? maybe.data?.user?.timezone;
  useEffect(() => {
    if (language && timezone) setLastKnown({ language, timezone });
  }, [language, timezone]);
  const person = language && timezone ? { language, timezone } : lastKnown;
  return <I18nProvider person={person}>{children}</I18nProvider>;
}

/**
 * First paint, split into short tasks (Lighthouse's total blocking time counts every task over
 * 50 ms): the modules' evaluation ends here; the time-zone data loads in a task of its own (not on the
 * sign-in page, which needs none); the
 * first render runs as a transition, which React renders in slices, yielding to the browser.
 * (setTimeout, not a top-level await: with one, Rollup split the entry into many small chunks,
 * +5 KB gzip of initial JavaScript.)
 */
setTimeout(() => {
  // The sign-in page shows no date: it never loads the time zone data (makeFormatters).
  if (window.location.pathname !== SIGN_IN_PATH) browserTimeZone();
  setTimeout(() => {
    const container = document.getElementById('root')!;
    removeFirstFrameOnceShown(container);
    const root = createRoot(container);
    startTransition(() => root.render(<App />));
  }, 0);
}, 0);

function App() {
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <PersonI18n>
            <ToastProvider>
              <RouterProvider router={router} />
            </ToastProvider>
          </PersonI18n>
        </TRPCProvider>
      </QueryClientProvider>
    </StrictMode>
  );
}
