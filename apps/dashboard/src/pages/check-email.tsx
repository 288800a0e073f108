import { useMutation, useQuery } from '@tanstack/react-query';
import { Button } from '../components/button.tsx';
import { describeError, ErrorState, LoadingState } from '../components/states.tsx';
import { useT } from '../i18n/index.tsx';
import { SIGN_IN_PATH } from '../lib/session.ts';
import { useSignedUpAddress } from '../lib/signed-up-address.ts';
import { isApiError, useTRPC } from '../lib/trpc.ts';
import { SignInCard } from './sign-in-card.tsx';

/** Where the person goes on: a client app's pending login (via /auth/continue) or the dashboard. */
function continueHref(): string {
  const returnTo = new URLSearchParams(window.location.search).get('return_to');
  return returnTo ? `/auth/continue?return_to=${encodeURIComponent(returnTo)}` : '/auth/continue';
}

/**
 * Right after sign-up (signed out: follow the mail, then sign in), or while a client app's login
 * waits for a confirmed address (signed in: continue meanwhile, or have the link sent again).
 */
export default function CheckEmailPage() {
  const t = useT();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.maybe.queryOptions());
  const resend = useMutation(trpc.auth.resendVerification.mutationOptions());

  // Left by the sign-up form right before it came here (a sign-up signs nobody in, decision 0069);
  // never read from the URL, so no link can make this page name an address. Taken once.
  const signedUpAs = useSignedUpAddress('check-email');

  let body: React.ReactNode;
  if (me.isPending) body = <LoadingState />;
  else if (me.isError) body = <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  else if (!me.data.user || (signedUpAs && signedUpAs.toLowerCase() !== me.data.user.email)) {
    // Right after a sign-up (this browser may still hold someone else's session): the words are the
    // same whether the address was new (a confirmation link) or had an account (a note to its owner).
    const email = signedUpAs;
    body = (
      <>
        <p role="status">
          {email ? t('checkEmail.sentSignedOut', { email }) : t('checkEmail.sentSignedOutNoAddress')}
        </p>
        <p className="muted">{t('checkEmail.signedOutHint')}</p>
        <a className="button button-primary" href={SIGN_IN_PATH}>
          {t('checkEmail.signIn')}
        </a>
      </>
    );
  } else if (me.data.user.emailVerified) {
    body = (
      <>
        <p role="status">{t('checkEmail.alreadyConfirmed', { email: me.data.user.email })}</p>
        <a className="button button-primary" href={continueHref()}>
          {t('checkEmail.continue')}
        </a>
      </>
    );
  } else {
    const email = me.data.user.email;
    const throttled = isApiError(resend.error) ? resend.error.data?.retryAfterSeconds : undefined;
    body = (
      <>
        <p>{t('checkEmail.sent', { email })}</p>
        <p className="muted">{t('checkEmail.hint')}</p>
        {resend.isSuccess ? (
          <p role="status" className="state">
            {t('checkEmail.resent', { email })}
          </p>
        ) : null}
        {resend.isError ? (
          <p role="alert" className="state state-error">
            {throttled ? t('checkEmail.throttled', { seconds: throttled }) : describeError(resend.error, t)}
          </p>
        ) : null}
        <div className="form-actions form-actions-start">
          <a className="button button-primary" href={continueHref()}>
            {t('checkEmail.continue')}
          </a>
          <Button variant="secondary" busy={resend.isPending} onClick={() => resend.mutate()}>
            {t('checkEmail.resend')}
          </Button>
        </div>
      </>
    );
  }
  return <SignInCard title={t('checkEmail.title')}>{body}</SignInCard>;
}
