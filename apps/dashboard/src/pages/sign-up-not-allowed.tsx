import { useQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { z } from 'zod';
import { CopyableValue } from '../components/copy-button.tsx';
import { useT } from '../i18n/index.tsx';
import { SIGN_IN_PATH } from '../lib/session.ts';
import { useSignedUpAddress } from '../lib/signed-up-address.ts';
import { useTRPC } from '../lib/trpc.ts';
import { SignInCard } from './sign-in-card.tsx';
import { allowListLinkFor } from './staff/allow-list-search.ts';

const addressSchema = z.email().max(254);

/**
 * Links from before decision 0075 carried the address (`?email=`). It is never read (anyone can
 * craft such a link) and leaves the address bar, so it goes no further into history or a Referer.
 */
function dropAddressFromUrl(replace: (href: string) => void): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('email')) return;
  url.searchParams.delete('email');
  // Through the router's history, so its own location forgets the address too.
  replace(`${url.pathname}${url.search}${url.hash}`);
}

/**
 * Where a person SIGNUP_MODE does not (yet) let in ends (`/sign-up/not-allowed?flow=…`): from a
 * first Mozilla sign-in, or from the password sign-up form. It names their address and offers a
 * link that opens the staff allow list with the address filled in. The address is never in the
 * URL (decision 0075): the sign-up form leaves it in this tab's storage, a Mozilla sign-in in a
 * sealed one-minute cookie that `auth.refusedSignUp` takes; both once, so a reload, or a link
 * anyone made, shows the general words. It is only ever shown as text.
 */
export default function SignUpNotAllowedPage() {
  const t = useT();
  const trpc = useTRPC();
  const options = useQuery(trpc.auth.options.queryOptions());
  const typed = useSignedUpAddress('sign-up-not-allowed');
  // Taken on the server at the first call: never asked again while the page is open.
  const refused = useQuery({
    ...trpc.auth.refusedSignUp.queryOptions(),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const router = useRouter();
  useEffect(() => dropAddressFromUrl((href) => router.history.replace(href)), [router]);
  const parsed = addressSchema.safeParse(typed ?? refused.data?.email ?? '');
  const email = parsed.success ? parsed.data.toLowerCase() : null;
  const fromMozilla = email !== null && !typed;
  const closed = options.data?.signupMode === 'closed';
  const fromClientApp = new URLSearchParams(window.location.search).get('flow') === 'client';
  return (
    <SignInCard title={t('signUpNotAllowed.title')}>
      <p role="alert" className="state state-error">
        {email
          ? t(closed ? 'signUpNotAllowed.closed' : 'signUpNotAllowed.body', { email })
          : t(closed ? 'signUpNotAllowed.closedNoAddress' : 'signUpNotAllowed.bodyNoAddress')}
      </p>
      {fromMozilla ? <p>{t('signUpNotAllowed.fromMozilla')}</p> : null}
      {closed ? null : email ? (
        <>
          <p>{t('signUpNotAllowed.askStaff')}</p>
          <CopyableValue
            value={allowListLinkFor(window.location.origin, email)}
            what={t('signUpNotAllowed.copy')}
          />
          <p>{t('signUpNotAllowed.afterwards')}</p>
        </>
      ) : (
        <p>{t('signUpNotAllowed.askStaffNoAddress')}</p>
      )}
      <p className="muted">{t('signUpNotAllowed.otherAccount')}</p>
      {fromClientApp ? <p>{t('signInError.clientAdvice')}</p> : null}
      <a className="button button-primary" href={SIGN_IN_PATH}>
        {t('signUpNotAllowed.tryAgain')}
      </a>
    </SignInCard>
  );
}
