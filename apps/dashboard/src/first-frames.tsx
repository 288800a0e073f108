// The first frame of the pages people land on, rendered into their HTML at build time
// (scripts/first-frames.ts), so a phone shows it as soon as the HTML is in instead of after the
// JavaScript (decision 0072). Each is the page as it looks while it loads, from the app's own
// components, in the fallback language; main.tsx removes it once the app shows anything.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { LoadingState } from './components/states.tsx';
import { I18nProvider, useT } from './i18n/index.tsx';
import { SignInCard } from './pages/sign-in-card.tsx';

/** The sign-in page's card while the route asks how people sign in (it shows no pending state). */
function SignInFrame() {
  const t = useT();
  return (
    <SignInCard title={t('signIn.title')} description={t('signIn.intro')}>
      <LoadingState />
    </SignInCard>
  );
}

const FRAMES: Record<string, () => ReactNode> = {
  // The router's pending component (router.tsx); index.html is every other route's shell too.
  '/': () => <LoadingState />,
  '/sign-in': () => <SignInFrame />,
};

/** The markup of `route`'s first frame; a route without one is an error (the build lists them). */
export function renderFirstFrame(route: string): string {
  const frame = FRAMES[route];
  if (!frame) throw new Error(`first-frames: no frame for ${route}`);
  return renderToStaticMarkup(
    <I18nProvider person={null} browserLanguages={['en']}>
      {frame()}
    </I18nProvider>,
  );
}
