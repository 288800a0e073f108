import { recordClientConnection } from '../../clients/index.ts';
import type { SessionEntity, UserEntity } from '../../identity/index.ts';
import {
  authorizationUrl,
  createSession,
  destroyToken,
  exchangeCode,
  fetchProfile,
  loadMozillaTokens,
  MozillaAccountsError,
  type MozillaTokens,
  newCodeVerifier,
  newState,
  resolveSession,
  safeReturnPath,
  sealMozillaTokens,
  setSessionCookie,
  upsertMozillaUser,
  usesPkce,
} from '../../identity/index.ts';
import type { BaseContext } from '../../kernel/context.ts';
import { safeEqual } from '../../kernel/crypto/tokens.ts';
import { HubError, isUniqueViolation } from '../../kernel/errors.ts';
import { issueAuthorizationCode } from '../client-login/client-tokens.ts';
import { consumeLoginCode, loadActiveLoginRequest, sameOrigin } from '../client-login/login-requests.ts';
import { SignInFailure } from './failure.ts';
import { clearPendingSignIn, readPendingSignIn, type SignInIntent, writePendingSignIn } from './pending.ts';
import { signInClientId } from './pending-client.ts';
import { rememberRefusedSignUp } from './refused-sign-up.ts';
import { signupGate } from './signup-gate.ts';

/**
 * One sign-in machine for the dashboard and for client apps. A sign-in has an intent (the
 * dashboard, or a client app's login request); the person proves who they are (Mozilla Accounts
 * or a password); a hub session results; then the intent is completed: the dashboard gets the
 * session cookie and its page, a client app additionally gets a one-time authorization code on
 * its redirect URL. Every function returns where the browser goes next.
 */

export interface Redirect {
  location: string;
}

const flowOf = (intent: SignInIntent) => (intent.kind === 'client' ? 'client' : 'dashboard');

/** Sends the browser to Mozilla with a fresh state (and PKCE for a public client). */
async function toMozilla(ctx: BaseContext, intent: SignInIntent): Promise<Redirect> {
  const state = newState();
  const codeVerifier = usesPkce(ctx.config) ? newCodeVerifier() : null;
  let url: URL;
  try {
    url = await authorizationUrl(ctx.config, state, codeVerifier);
  } catch (error) {
    throw mozillaFailure(ctx, error, flowOf(intent));
  }
  writePendingSignIn(ctx, { intent, state, codeVerifier, createdAt: Date.now() });
  return { location: url.toString() };
}

/** Errnos that mean our registration or configuration is wrong, not that a person did anything. */
const CONFIGURATION_ERRNOS = new Set([101, 102, 103, 109, 114, 116, 118]);

function mozillaFailure(ctx: BaseContext, error: unknown, flow: 'dashboard' | 'client'): SignInFailure {
  if (!(error instanceof MozillaAccountsError)) throw error;
  // errno and code only (toLog): Mozilla's error bodies echo what was sent, codes included.
  if (error.errno !== null && CONFIGURATION_ERRNOS.has(error.errno)) {
    ctx.log.error({ mozilla: error.toLog() }, 'Mozilla accounts refused our client: check FXA_* settings');
  } else {
    ctx.log.warn({ mozilla: error.toLog() }, 'Mozilla accounts sign-in step failed');
  }
  const reason =
    error.failure === 'unavailable'
      ? 'provider-unavailable'
      : error.failure === 'rejected'
        ? 'code-rejected'
        : 'provider-error';
  return new SignInFailure(reason, flow, error.message, error);
}

/** GET /auth/sign-in: the dashboard's own sign-in. */
export async function beginDashboardSignIn(
  ctx: BaseContext,
  returnTo: string | undefined,
): Promise<Redirect> {
  const intent: SignInIntent = { kind: 'dashboard', returnTo: safeReturnPath(returnTo) };
  const current = await resolveSession(ctx);
  if (current) return { location: intent.returnTo };
  if (ctx.config.authScheme === 'password') {
    // The password form is a page of ours: the path travels in its address (and on to /auth/continue).
    return {
      location:
        intent.returnTo === '/' ? '/sign-in' : `/sign-in?return_to=${encodeURIComponent(intent.returnTo)}`,
    };
  }
  return toMozilla(ctx, intent);
}

/**
 * GET /auth/login/<code>: a client app's login link. Used up at once; a person who already has a
 * hub session goes straight back to the app, anyone else signs in first.
 */
export async function beginClientLogin(ctx: BaseContext, code: string): Promise<Redirect> {
  const request = await consumeLoginCode(ctx.em, ctx.config, code);
  const intent: SignInIntent = { kind: 'client', loginRequestId: request.id };
  const current = await resolveSession(ctx);
  if (current) {
    if (awaitsConfirmation(ctx, current.user)) {
      // Kept for "Continue" on the check-email page, once the address is confirmed.
      writePendingSignIn(ctx, { intent, state: null, codeVerifier: null, createdAt: Date.now() });
    }
    return completeIntent(ctx, intent, current.user, current.session.id);
  }
  if (ctx.config.authScheme === 'password') {
    writePendingSignIn(ctx, { intent, state: null, codeVerifier: null, createdAt: Date.now() });
    return { location: '/sign-in' };
  }
  return toMozilla(ctx, intent);
}

export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}

/** GET /auth/callback: Mozilla sends the browser back here. */
export async function completeMozillaSignIn(ctx: BaseContext, query: CallbackQuery): Promise<Redirect> {
  const pending = readPendingSignIn(ctx);
  clearPendingSignIn(ctx);
  if (ctx.config.authScheme !== 'fxa') {
    throw new SignInFailure('wrong-method', 'dashboard', 'Mozilla accounts sign-in is not enabled');
  }
  if (!pending?.state) throw new SignInFailure('expired', 'dashboard', 'no sign-in in progress');
  const flow = flowOf(pending.intent);
  // The state is checked before anything else the query says, errors included.
  if (!query.state || !safeEqual(query.state, pending.state)) {
    throw new SignInFailure('state-mismatch', flow, 'state does not match');
  }
  if (query.error) {
    ctx.log.info({ error: query.error.slice(0, 64) }, 'Mozilla accounts returned an error');
    throw new SignInFailure(
      query.error === 'access_denied' ? 'cancelled' : 'provider-error',
      flow,
      'Mozilla accounts did not sign the person in',
    );
  }
  if (!query.code) throw new SignInFailure('provider-error', flow, 'no code in callback');

  let tokens: MozillaTokens;
  let profile: Awaited<ReturnType<typeof fetchProfile>>;
  try {
    tokens = await exchangeCode(ctx.config, query.code, pending.codeVerifier);
    profile = await fetchProfile(ctx.config, tokens.accessToken);
  } catch (error) {
    throw mozillaFailure(ctx, error, flow);
  }
  if (!profile.email) throw new SignInFailure('provider-error', flow, 'profile has no email');

  // A person signing in through an app is connected to it in the same transaction that may create
  // them, so the app is in the audience of their user.created (dispatch reads the connections).
  const clientId = await signInClientId(ctx, pending.intent);
  let signedIn: { user: UserEntity; session: SessionEntity; token: string };
  let previous: MozillaTokens | null = null;
  try {
    signedIn = await ctx.em.transactional(async (em) => {
      const { user } = await upsertMozillaUser(em, ctx.config, profile, signupGate(em, ctx.config));
      if (!user.isActive) throw new SignInFailure('account-disabled', flow, 'account is disabled');
      await em.flush();
      if (clientId) await recordClientConnection(em, user.id, clientId);
      previous = await loadMozillaTokens(em, ctx.config, user.id);
      user.fxaToken = sealMozillaTokens(ctx.config, user.id, tokens);
      const { token, session } = await createSession(em, ctx.config, user, {
        ip: ctx.req.ip,
        userAgent: ctx.req.userAgent,
        method: 'fxa',
      });
      return { user, session, token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new SignInFailure('account-conflict', flow, 'email already belongs to another account', error);
    }
    if (error instanceof HubError && error.reason === 'signup-not-allowed') {
      // The page names the address Mozilla gave, from a sealed cookie: never in its URL (0075).
      rememberRefusedSignUp(ctx, profile.email);
      throw new SignInFailure('signup-not-allowed', flow, 'SIGNUP_MODE does not let this address in', error);
    }
    throw error;
  }
  forgetPreviousTokens(ctx, previous);
  setSessionCookie(ctx, signedIn.token);
  return completeIntent(ctx, pending.intent, signedIn.user, signedIn.session.id);
}

/** The tokens of an earlier sign-in are replaced; revoke them so none stay valid at Mozilla. */
function forgetPreviousTokens(ctx: BaseContext, previous: MozillaTokens | null): void {
  if (!previous?.refreshToken) return;
  destroyToken(ctx.config, { refreshToken: previous.refreshToken }).catch((error: unknown) => {
    ctx.log.warn(
      { mozilla: error instanceof MozillaAccountsError ? error.toLog() : String(error) },
      'could not revoke the previous Mozilla refresh token',
    );
  });
}

/**
 * GET /auth/continue: after a password sign-in, finishes whatever the person was signing in for.
 */
export async function continueSignIn(ctx: BaseContext, returnTo?: string): Promise<Redirect> {
  const current = await resolveSession(ctx);
  if (!current) return { location: '/sign-in' };
  const pending = readPendingSignIn(ctx);
  if (!pending) return { location: safeReturnPath(returnTo) };
  // An app login waiting for a confirmed address stays pending until it is confirmed.
  if (pending.intent.kind !== 'client' || !awaitsConfirmation(ctx, current.user)) clearPendingSignIn(ctx);
  return completeIntent(ctx, pending.intent, current.user, current.session.id);
}

/** Where a person is sent while their address must be confirmed before an app may have them. */
const CHECK_EMAIL_PATH = '/check-email';

/**
 * Under the allow-list, the list names addresses, and a password sign-up proves none until its
 * confirmation link is opened: such a person uses the hub meanwhile, but no client app gets them.
 */
function awaitsConfirmation(ctx: BaseContext, user: { emailVerified: boolean }): boolean {
  return ctx.config.signupMode === 'allow-list' && !user.emailVerified;
}

async function completeIntent(
  ctx: BaseContext,
  intent: SignInIntent,
  user: { id: string; emailVerified: boolean },
  sessionId: string,
): Promise<Redirect> {
  if (intent.kind === 'dashboard') return { location: safeReturnPath(intent.returnTo) };
  if (awaitsConfirmation(ctx, user)) return { location: CHECK_EMAIL_PATH };
  const signedIn = { userId: user.id, sessionId };
  // Checked again here: an app switched off while the person was at Mozilla stops now.
  const request = await loadActiveLoginRequest(ctx.em, intent.loginRequestId);
  const target = new URL(request.redirectTo ?? request.environment.redirectUrl);
  if (!sameOrigin(target.toString(), request.environment.redirectUrl)) {
    throw new SignInFailure('app-unavailable', 'client', 'redirect target left the app origin');
  }
  // Signing in through the app connects the person to it (the exchange records it again).
  await recordClientConnection(ctx.em, signedIn.userId, request.environment.client.id);
  const code = await issueAuthorizationCode(ctx.em, {
    userId: signedIn.userId,
    sessionId: signedIn.sessionId,
    environment: request.environment,
  });
  target.searchParams.set('code', code);
  target.searchParams.set('state', request.state);
  return { location: target.toString() };
}
