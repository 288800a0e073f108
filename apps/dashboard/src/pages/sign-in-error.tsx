import { SIGN_IN_FAILURE_REASONS, type SignInFailureReason } from '@accounts/core/identity/browser';
import { useT } from '../i18n/index.tsx';
import { SIGN_IN_PATH } from '../lib/session.ts';
import { SignInCard } from './sign-in-card.tsx';

function isReason(value: string | null): value is SignInFailureReason {
  return value !== null && (SIGN_IN_FAILURE_REASONS as readonly string[]).includes(value);
}

/** Where every failed sign-in ends (`/sign-in/error?reason=…&flow=dashboard|client`). */
export default function SignInErrorPage() {
  const t = useT();
  const search = new URLSearchParams(window.location.search);
  const given = search.get('reason');
  const reason: SignInFailureReason = isReason(given) ? given : 'unknown';
  const fromClientApp = search.get('flow') === 'client';
  return (
    <SignInCard title={t('signInError.title')}>
      <p role="alert" className="state state-error" data-reason={reason}>
        {t(`signInError.reason.${reason}`)}
      </p>
      {fromClientApp ? <p>{t('signInError.clientAdvice')}</p> : null}
      <a className="button button-primary" href={SIGN_IN_PATH}>
        {t('signInError.tryAgain')}
      </a>
    </SignInCard>
  );
}
