import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { describeError, LoadingState } from '../components/states.tsx';
import { useT } from '../i18n/index.tsx';
import { isApiError, useTRPC } from '../lib/trpc.ts';
import { SignInCard } from './sign-in-card.tsx';

/** The token arrives in the URL fragment (never sent to a server); take it and drop it from the address bar. */
function takeToken(): string | null {
  const match = /^#token=([A-Za-z0-9_-]{1,200})$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, '', window.location.pathname);
  return match[1]!;
}

/** Where an address-confirmation link lands: it confirms at once, signed in or not. */
export default function VerifyEmailPage() {
  const t = useT();
  const trpc = useTRPC();
  const [token] = useState(takeToken);
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());
  const { mutate } = verify;
  useEffect(() => {
    if (token) mutate({ token });
  }, [token, mutate]);

  let body: React.ReactNode;
  if (!token || verify.isError) {
    const invalid = !token || (isApiError(verify.error) && verify.error.data?.code === 'BAD_REQUEST');
    body = (
      <>
        <p role="alert" className="state state-error">
          {invalid ? t('verifyEmail.invalid') : describeError(verify.error, t)}
        </p>
        <a className="button button-secondary" href="/">
          {t('verifyEmail.toDashboard')}
        </a>
      </>
    );
  } else if (verify.isSuccess) {
    body = (
      <>
        <p role="status">{t('verifyEmail.confirmed', { email: verify.data.email })}</p>
        <a className="button button-primary" href="/">
          {t('verifyEmail.toDashboard')}
        </a>
      </>
    );
  } else {
    body = <LoadingState label={t('verifyEmail.working')} />;
  }
  return <SignInCard title={t('verifyEmail.title')}>{body}</SignInCard>;
}
