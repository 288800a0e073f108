import {
  PASSWORD_MIN_LENGTH,
  requestPasswordResetSchema,
  SIGNUP_NOT_ALLOWED_PATH,
  safeReturnPath,
  setPasswordSchema,
  signInWithPasswordSchema,
  signUpSchema,
} from '@accounts/core/identity/browser';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Button } from '../components/button.tsx';
import { PasswordField, TextField } from '../components/field.tsx';
import { SignOutButton } from '../components/sign-out-button.tsx';
import { describeError, ErrorState, LoadingState } from '../components/states.tsx';
import { useI18n, useT } from '../i18n/index.tsx';
import type { Translate } from '../i18n/translate.ts';
import { useSchemaForm } from '../lib/form.ts';
import { rememberSignedUpAddress } from '../lib/signed-up-address.ts';
import { isApiError, useTRPC } from '../lib/trpc.ts';
import { SignInCard } from './sign-in-card.tsx';

/**
 * The page the person asked for before being sent here ("/" when none, or when it is not a path
 * of ours); the server checks it again wherever it redirects.
 */
function requestedPath(): string {
  return safeReturnPath(new URLSearchParams(window.location.search).get('return_to'));
}

/**
 * After signing in the server decides where to go (the dashboard, or back to a client app); the
 * requested page travels along to /auth/continue, which goes there when no app is waiting.
 */
const CHECK_EMAIL_PATH = '/check-email';

function go(to: string) {
  const returnTo = requestedPath();
  const path = to.split('?')[0];
  const carries = path === '/auth/continue' || path === CHECK_EMAIL_PATH;
  window.location.assign(carries ? withReturnTo(to, returnTo) : to);
}

/** `href` with the requested page added (nothing added for the overview). */
function withReturnTo(href: string, returnTo: string): string {
  if (returnTo === '/') return href;
  return `${href}${href.includes('?') ? '&' : '?'}return_to=${encodeURIComponent(returnTo)}`;
}

/** The API's refusals of a sign-in in the page's language; anything else in the API's words. */
function describeSignInError(error: unknown, t: Translate): string {
  if (isApiError(error) && error.data) {
    const { code, retryAfterSeconds } = error.data;
    if (code === 'TOO_MANY_REQUESTS' && retryAfterSeconds) {
      return t('signIn.throttled', { seconds: retryAfterSeconds });
    }
    if (code === 'UNAUTHORIZED') return t('signIn.refused');
  }
  return describeError(error, t);
}

function FormError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <p role="alert" className="state state-error">
      {describeSignInError(error, t)}
    </p>
  );
}

/** The form's one button: busy from the click until the next page has loaded (success navigates away). */
function SubmitUntilAway({ working, label }: { working: boolean; label: string }) {
  const t = useT();
  return (
    <Button type="submit" className="button-block" busy={working}>
      {working ? t('signIn.working') : label}
    </Button>
  );
}

function PasswordSignInForm() {
  const t = useT();
  const trpc = useTRPC();
  const signIn = useMutation(
    trpc.auth.signInWithPassword.mutationOptions({ onSuccess: (result) => go(result.redirectTo) }),
  );
  const form = useSchemaForm({
    schema: signInWithPasswordSchema,
    initialValues: { identifier: '', password: '' },
    t,
    onSubmit: (values) => signIn.mutateAsync(values),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} aria-label={t('signIn.title')} noValidate>
      <FormError error={form.formError} />
      <TextField
        name="identifier"
        label={t('signIn.identifier')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={form.values.identifier}
        error={form.errors.identifier}
        onChange={(value) => form.setValue('identifier', value)}
      />
      <PasswordField
        name="password"
        purpose="current"
        label={t('signIn.password')}
        value={form.values.password}
        error={form.errors.password}
        onChange={(value) => form.setValue('password', value)}
      />
      <SubmitUntilAway working={form.submitting || signIn.isSuccess} label={t('signIn.submitSignIn')} />
    </form>
  );
}

/** "Forgot password?": the answer never says whether the address has an account. */
function ForgotPasswordForm() {
  const t = useT();
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const form = useSchemaForm({
    schema: requestPasswordResetSchema,
    initialValues: { email: '' },
    t,
    onSubmit: (values) => request.mutateAsync(values),
  });
  if (request.isSuccess) {
    return (
      <div className="stack-tight" role="status">
        <p>{t('signIn.forgotSent', { email: request.variables.email })}</p>
        <p className="muted">{t('signIn.forgotSentHint')}</p>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={form.handleSubmit} aria-label={t('signIn.forgotTitle')} noValidate>
      <p className="muted">{t('signIn.forgotIntro')}</p>
      <FormError error={form.formError} />
      <TextField
        name="email"
        type="email"
        label={t('signIn.email')}
        autoComplete="email"
        required
        value={form.values.email}
        error={form.errors.email}
        onChange={(value) => form.setValue('email', value)}
      />
      <Button type="submit" className="button-block" busy={form.submitting}>
        {form.submitting ? t('signIn.working') : t('signIn.submitForgot')}
      </Button>
    </form>
  );
}

function SignUpForm() {
  const { t, language } = useI18n();
  const trpc = useTRPC();
  // "Check your mail" names the address typed (the answer is the same whether or not it has an
  // account); it travels in this tab's storage, never in the URL (history, logs, crafted links).
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: (result, values) => {
        if (result.redirectTo === CHECK_EMAIL_PATH)
          rememberSignedUpAddress('check-email', values.email.trim());
        go(result.redirectTo);
      },
    }),
  );
  const form = useSchemaForm({
    schema: signUpSchema,
    initialValues: { email: '', password: '', username: undefined, displayName: undefined },
    t,
    fieldMessages: { email: 'signIn.emailTaken', username: 'signIn.usernameTaken' },
    checkMessages: { username: 'signIn.usernameFormat' },
    onSubmit: async (values) => {
      try {
        await signUp.mutateAsync({ ...values, language });
      } catch (error) {
        // SIGNUP_MODE does not let this address in: the page that says so names it, taking it from
        // this tab's storage (never the URL: history, logs, Referer; decision 0075).
        if (isApiError(error) && error.data?.reason === 'signup-not-allowed') {
          rememberSignedUpAddress('sign-up-not-allowed', values.email.trim());
          window.location.assign(`${SIGNUP_NOT_ALLOWED_PATH}?flow=dashboard`);
          return;
        }
        throw error;
      }
    },
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} aria-label={t('signIn.signUpTitle')} noValidate>
      <FormError error={form.formError} />
      <TextField
        name="email"
        type="email"
        label={t('signIn.email')}
        autoComplete="email"
        required
        value={form.values.email}
        error={form.errors.email}
        onChange={(value) => form.setValue('email', value)}
      />
      <TextField
        name="username"
        label={t('signIn.username')}
        description={t('signIn.usernameHint')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={form.values.username ?? ''}
        error={form.errors.username}
        onChange={(value) => form.setValue('username', value.trim() ? value : undefined)}
      />
      <TextField
        name="displayName"
        label={t('signIn.displayName')}
        autoComplete="name"
        value={form.values.displayName ?? ''}
        error={form.errors.displayName}
        onChange={(value) => form.setValue('displayName', value.trim() ? value : undefined)}
      />
      <PasswordField
        name="password"
        purpose="new"
        label={t('signIn.password')}
        description={t('signIn.newPasswordHint', { min: PASSWORD_MIN_LENGTH })}
        value={form.values.password}
        error={form.errors.password}
        onChange={(value) => form.setValue('password', value)}
      />
      <SubmitUntilAway working={form.submitting || signUp.isSuccess} label={t('signIn.submitSignUp')} />
    </form>
  );
}

function SetPasswordForm({ token }: { token: string }) {
  const t = useT();
  const trpc = useTRPC();
  const setPassword = useMutation(
    trpc.auth.setPassword.mutationOptions({ onSuccess: (result) => go(result.redirectTo) }),
  );
  const form = useSchemaForm({
    schema: setPasswordSchema,
    initialValues: { token, password: '' },
    t,
    fieldMessages: { token: 'signIn.linkInvalid' },
    onSubmit: (values) => setPassword.mutateAsync(values),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} aria-label={t('signIn.setPasswordTitle')} noValidate>
      <p className="muted">{t('signIn.setPasswordIntro')}</p>
      {form.errors.token ? (
        <p role="alert" className="state state-error">
          {form.errors.token}
        </p>
      ) : (
        <FormError error={form.formError} />
      )}
      <PasswordField
        name="password"
        purpose="new"
        label={t('signIn.newPassword')}
        description={t('signIn.newPasswordHint', { min: PASSWORD_MIN_LENGTH })}
        value={form.values.password}
        error={form.errors.password}
        onChange={(value) => form.setValue('password', value)}
      />
      <SubmitUntilAway
        working={form.submitting || setPassword.isSuccess}
        label={t('signIn.submitSetPassword')}
      />
    </form>
  );
}

/** The invitation or reset token arrives in the URL fragment (never sent to a server); take it and drop it from the address bar. */
function takeSetPasswordToken(): string | null {
  const match = /^#set-password=([A-Za-z0-9_-]{1,200})$/.exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return match[1]!;
}

function SignedIn({ who }: { who: string }) {
  const t = useT();
  return (
    <div className="stack-tight">
      <p>{t('signIn.signedInAs', { who })}</p>
      <div className="form-actions form-actions-start">
        <a className="button button-primary" href={requestedPath()}>
          {t('signIn.continueToDashboard')}
        </a>
        <SignOutButton variant="secondary" />
      </div>
    </div>
  );
}

export default function SignInPage() {
  const t = useT();
  const trpc = useTRPC();
  const [setPasswordToken, setSetPasswordToken] = useState(takeSetPasswordToken);
  // A link opened while this page is already showing changes only the fragment: no new page load.
  useEffect(() => {
    const onHashChange = () => {
      const token = takeSetPasswordToken();
      if (token) setSetPasswordToken(token);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const options = useQuery(trpc.auth.options.queryOptions());
  const me = useQuery(trpc.me.maybe.queryOptions());
  const search = new URLSearchParams(window.location.search);
  const signingUp = search.get('mode') === 'sign-up';
  const forgot = search.get('mode') === 'forgot';
  const returnTo = requestedPath();
  const title = setPasswordToken
    ? t('signIn.setPasswordTitle')
    : signingUp && options.data?.allowSignup
      ? t('signIn.signUpTitle')
      : forgot && options.data?.authScheme === 'password'
        ? t('signIn.forgotTitle')
        : t('signIn.title');

  let body: ReactNode;
  if (options.isPending || me.isPending) body = <LoadingState />;
  else if (options.isError) body = <ErrorState error={options.error} onRetry={() => options.refetch()} />;
  else if (me.isError) body = <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  else if (setPasswordToken) body = <SetPasswordForm key={setPasswordToken} token={setPasswordToken} />;
  else if (me.data.user) body = <SignedIn who={me.data.user.displayName ?? me.data.user.email} />;
  else if (options.data.authScheme === 'fxa') {
    const href = withReturnTo('/auth/sign-in', returnTo);
    body = (
      <>
        <p>{t('signIn.mozillaIntro')}</p>
        <a className="button button-primary button-block" href={href}>
          {t('signIn.mozillaButton')}
        </a>
      </>
    );
  } else if (forgot) {
    body = (
      <>
        <ForgotPasswordForm />
        <p className="sign-in-switch">
          <a href="/sign-in">{t('signIn.backToSignIn')}</a>
        </p>
      </>
    );
  } else if (signingUp && options.data.allowSignup) {
    body = (
      <>
        <SignUpForm />
        <p className="sign-in-switch">
          {t('signIn.haveAccount')} <a href={withReturnTo('/sign-in', returnTo)}>{t('signIn.signInLink')}</a>
        </p>
      </>
    );
  } else {
    body = (
      <>
        <PasswordSignInForm />
        <p className="sign-in-switch">
          <a href="/sign-in?mode=forgot">{t('signIn.forgotLink')}</a>
        </p>
        {options.data.allowSignup ? (
          <p className="sign-in-switch">
            {t('signIn.noAccount')}{' '}
            <a href={withReturnTo('/sign-in?mode=sign-up', returnTo)}>{t('signIn.signUpLink')}</a>
          </p>
        ) : null}
      </>
    );
  }

  const continuingTo = options.data?.continuingTo;
  return (
    <SignInCard
      title={title}
      description={
        continuingTo && !setPasswordToken
          ? t('signIn.continuingTo', { app: continuingTo })
          : setPasswordToken || forgot
            ? undefined
            : t('signIn.intro')
      }
    >
      {body}
    </SignInCard>
  );
}
