import { useMutation, useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { describeError, ErrorState, LoadingState } from '../components/states.tsx';
import { useT } from '../i18n/index.tsx';
import { useTRPC } from '../lib/trpc.ts';

/** Every user-visible string of this page, in one place for translation. */
export const signInText = {
  title: 'Sign in',
  signUpTitle: 'Create an account',
  setPasswordTitle: 'Choose your password',
  mozillaIntro: 'Your account here uses Mozilla accounts. You will come back here after signing in.',
  continuingTo: (app: string) => `Sign in to continue to ${app}.`,
  mozillaButton: 'Sign in with Mozilla accounts',
  identifier: 'Email or username',
  password: 'Password',
  newPassword: 'New password',
  newPasswordHint: 'At least 10 characters.',
  email: 'Email',
  username: 'Username (optional)',
  displayName: 'Name (optional)',
  submitSignIn: 'Sign in',
  submitSignUp: 'Create account',
  submitSetPassword: 'Save password and sign in',
  working: 'Please wait…',
  noAccount: 'No account yet?',
  signUpLink: 'Create one',
  haveAccount: 'Already have an account?',
  signInLink: 'Sign in',
  signedInAs: (who: string) => `You are signed in as ${who}.`,
  continueToDashboard: 'Continue to your dashboard',
  signOut: 'Sign out',
  signedOut: 'You are signed out.',
  loading: 'Loading…',
};

function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (error instanceof TRPCClientError) {
    const fieldErrors = (error.data as { fieldErrors?: Record<string, string[]> | null } | undefined)
      ?.fieldErrors;
    return fieldErrors ?? {};
  }
  return {};
}

/**
 * After signing in the server decides where to go (the dashboard, or back to a client app); a
 * return_to path given to this page travels along and the server keeps it only if it is ours.
 */
function go(to: string) {
  const returnTo = new URLSearchParams(window.location.search).get('return_to');
  window.location.assign(
    returnTo && to === '/auth/continue' ? `${to}?return_to=${encodeURIComponent(returnTo)}` : to,
  );
}

function Field(props: {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  errors?: string[] | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [props.hint ? hintId : null, props.errors?.length ? errorId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <p className="field">
      <label htmlFor={id}>{props.label}</label>
      <br />
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        required={props.required}
        value={props.value}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint ? (
        <>
          <br />
          <small id={hintId}>{props.hint}</small>
        </>
      ) : null}
      {props.errors?.length ? (
        <>
          <br />
          <small id={errorId} className="field-error">
            {props.errors.join(' ')}
          </small>
        </>
      ) : null}
    </p>
  );
}

function FormError({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <p role="alert" className="state state-error">
      {describeError(error, t)}
    </p>
  );
}

function PasswordSignInForm() {
  const trpc = useTRPC();
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation(
    trpc.auth.signInWithPassword.mutationOptions({ onSuccess: (result) => go(result.redirectTo) }),
  );
  const errors = fieldErrorsOf(signIn.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ identifier, password });
  };
  return (
    <form onSubmit={submit} aria-label={signInText.title} noValidate>
      <FormError error={signIn.error} />
      <Field
        label={signInText.identifier}
        name="identifier"
        autoComplete="username"
        required
        value={identifier}
        onChange={setIdentifier}
        errors={errors.identifier}
      />
      <Field
        label={signInText.password}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
        errors={errors.password}
      />
      <button type="submit" disabled={signIn.isPending || signIn.isSuccess}>
        {signIn.isPending ? signInText.working : signInText.submitSignIn}
      </button>
    </form>
  );
}

function SignUpForm() {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({ onSuccess: (result) => go(result.redirectTo) }),
  );
  const errors = fieldErrorsOf(signUp.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({
      email,
      password,
      username: username.trim() || undefined,
      displayName: displayName.trim() || undefined,
    });
  };
  return (
    <form onSubmit={submit} aria-label={signInText.signUpTitle} noValidate>
      <FormError error={signUp.error} />
      <Field
        label={signInText.email}
        name="email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={setEmail}
        errors={errors.email}
      />
      <Field
        label={signInText.username}
        name="username"
        autoComplete="username"
        value={username}
        onChange={setUsername}
        errors={errors.username}
      />
      <Field
        label={signInText.displayName}
        name="displayName"
        autoComplete="name"
        value={displayName}
        onChange={setDisplayName}
        errors={errors.displayName}
      />
      <Field
        label={signInText.password}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={signInText.newPasswordHint}
        value={password}
        onChange={setPassword}
        errors={errors.password}
      />
      <button type="submit" disabled={signUp.isPending || signUp.isSuccess}>
        {signUp.isPending ? signInText.working : signInText.submitSignUp}
      </button>
    </form>
  );
}

function SetPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState('');
  const setPasswordMutation = useMutation(
    trpc.auth.setPassword.mutationOptions({ onSuccess: (result) => go(result.redirectTo) }),
  );
  const errors = fieldErrorsOf(setPasswordMutation.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPasswordMutation.mutate({ token, password });
  };
  return (
    <form onSubmit={submit} aria-label={signInText.setPasswordTitle} noValidate>
      <FormError error={setPasswordMutation.error} />
      <Field
        label={signInText.newPassword}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={signInText.newPasswordHint}
        value={password}
        onChange={setPassword}
        errors={errors.password ?? errors.token}
      />
      <button type="submit" disabled={setPasswordMutation.isPending || setPasswordMutation.isSuccess}>
        {setPasswordMutation.isPending ? signInText.working : signInText.submitSetPassword}
      </button>
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
  const trpc = useTRPC();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: () => go('/sign-in') }));
  return (
    <>
      <p>{signInText.signedInAs(who)}</p>
      <p>
        <a href="/">{signInText.continueToDashboard}</a>
      </p>
      {signOut.error ? <FormError error={signOut.error} /> : null}
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        {signInText.signOut}
      </button>
    </>
  );
}

export default function SignInPage() {
  const trpc = useTRPC();
  const [setPasswordToken] = useState(takeSetPasswordToken);
  const options = useQuery(trpc.auth.options.queryOptions());
  const me = useQuery(trpc.me.maybe.queryOptions());
  const search = new URLSearchParams(window.location.search);
  const signingUp = search.get('mode') === 'sign-up';
  const returnTo = search.get('return_to');
  const title = setPasswordToken
    ? signInText.setPasswordTitle
    : signingUp && options.data?.allowSignup
      ? signInText.signUpTitle
      : signInText.title;

  let body: ReactNode;
  if (options.isPending || me.isPending) body = <LoadingState label={signInText.loading} />;
  else if (options.isError) body = <ErrorState error={options.error} onRetry={() => options.refetch()} />;
  else if (me.isError) body = <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  else if (setPasswordToken) body = <SetPasswordForm token={setPasswordToken} />;
  else if (me.data.user) body = <SignedIn who={me.data.user.displayName ?? me.data.user.email} />;
  else if (options.data.authScheme === 'fxa') {
    const href = returnTo ? `/auth/sign-in?return_to=${encodeURIComponent(returnTo)}` : '/auth/sign-in';
    body = (
      <>
        <p>{signInText.mozillaIntro}</p>
        <p>
          <a className="button-link" href={href}>
            {signInText.mozillaButton}
          </a>
        </p>
      </>
    );
  } else if (signingUp && options.data.allowSignup) {
    body = (
      <>
        <SignUpForm />
        <p>
          {signInText.haveAccount} <a href="/sign-in">{signInText.signInLink}</a>
        </p>
      </>
    );
  } else {
    body = (
      <>
        <PasswordSignInForm />
        {options.data.allowSignup ? (
          <p>
            {signInText.noAccount} <a href="/sign-in?mode=sign-up">{signInText.signUpLink}</a>
          </p>
        ) : null}
      </>
    );
  }

  const continuingTo = options.data?.continuingTo;
  return (
    <section aria-labelledby="sign-in-title" className="sign-in">
      <h1 id="sign-in-title">{title}</h1>
      {continuingTo && !setPasswordToken ? <p>{signInText.continuingTo(continuingTo)}</p> : null}
      {body}
    </section>
  );
}
