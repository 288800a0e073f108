import type { SignInFailureReason } from '@accounts/core/identity/sign-in-reasons';

/** Every user-visible string of this page, in one place for translation. */
export const signInErrorText = {
  title: 'Sign-in did not work',
  tryAgain: 'Try again',
  clientAdvice:
    'If you were signing in to another app, go back to that app and start signing in there again.',
  reasons: {
    cancelled: 'You cancelled signing in with Mozilla accounts. Nothing was changed.',
    expired: 'Signing in took too long, or it was started in another browser or tab. Please start again.',
    'state-mismatch':
      'We could not confirm that this sign-in was started here, so we stopped it to protect your account. Please start again.',
    'code-rejected':
      'Mozilla accounts did not accept this sign-in any more (it may have been used already or taken too long).',
    'provider-unavailable':
      'Mozilla accounts cannot be reached right now. Please try again in a few minutes.',
    'provider-error': 'Mozilla accounts answered in a way we did not expect. Please try again.',
    'login-link-invalid':
      'This sign-in link has already been used or has expired. Links work once, for three minutes.',
    'app-unavailable': 'The app you were signing in to is not available at the moment.',
    'account-disabled': 'This account is disabled. Please contact support if you think this is a mistake.',
    'account-conflict':
      'The email address of your Mozilla account already belongs to another account here. Please contact support.',
    'wrong-method': 'This way of signing in is not used here.',
    unknown: 'Something went wrong on our side. Please try again.',
  } satisfies Record<SignInFailureReason, string>,
};

function isReason(value: string | null): value is SignInFailureReason {
  return value !== null && Object.hasOwn(signInErrorText.reasons, value);
}

export default function SignInErrorPage() {
  const search = new URLSearchParams(window.location.search);
  const given = search.get('reason');
  const reason: SignInFailureReason = isReason(given) ? given : 'unknown';
  const fromClientApp = search.get('flow') === 'client';
  return (
    <section aria-labelledby="sign-in-error-title" className="sign-in-error">
      <h1 id="sign-in-error-title">{signInErrorText.title}</h1>
      <p role="alert" data-reason={reason}>
        {signInErrorText.reasons[reason]}
      </p>
      {fromClientApp ? <p>{signInErrorText.clientAdvice}</p> : null}
      <p>
        <a href="/sign-in">{signInErrorText.tryAgain}</a>
      </p>
    </section>
  );
}
