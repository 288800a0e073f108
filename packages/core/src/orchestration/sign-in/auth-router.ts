import type { EntityManager } from '@mikro-orm/postgresql';
import { ClientConnection } from '../../clients/index.ts';
import {
  accountCredentials,
  changePassword,
  changePasswordSchema,
  clearSessionCookie,
  knownDevice,
  rememberDevice,
  requestEmailChange,
  requestEmailChangeSchema,
  requestPasswordReset,
  requestPasswordResetSchema,
  resendEmailVerification,
  type SignInInfo,
  selfChange,
  setPasswordSchema,
  setPasswordWithToken,
  setSessionCookie,
  signInWithPassword,
  signInWithPasswordSchema,
  signOut,
  signUp,
  signUpSchema,
  userProcedure,
  verifyEmail,
  verifyEmailSchema,
} from '../../identity/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import type { HubConfig } from '../../kernel/config.ts';
import type { BaseContext } from '../../kernel/context.ts';
import { checkSameOrigin, publicProcedure, router } from '../../kernel/trpc.ts';
import { pendingClientName, pendingSignInClientId } from './pending-client.ts';
import { takeRefusedSignUp } from './refused-sign-up.ts';
import { signupGate } from './signup-gate.ts';

/** After a password sign-in the browser goes here; it finishes a client app's login if one is pending. */
const CONTINUE = '/auth/continue';
/** After sign-up with mail: "check your mail" (confirm the address, then sign in). */
const CHECK_EMAIL = '/check-email';

/**
 * A procedure that signs this browser in with the session a password service opens, then sends
 * it on to `redirectTo`. Only our own pages may call it (login CSRF). The browser becomes a known
 * device of the person (the sign-in throttle lets it in even where others are failing).
 */
function signsIn<Input>(
  openSession: (
    em: EntityManager,
    config: HubConfig,
    input: Input,
    info: SignInInfo,
  ) => Promise<{ token: string; session: { user: { id: string } } }>,
  redirectTo: string,
) {
  return async ({ ctx, input }: { ctx: BaseContext; input: Input }) => {
    checkSameOrigin(ctx);
    const now = (ctx.hub.clock ?? systemClock).now();
    const { token, session } = await openSession(ctx.em, ctx.config, input, {
      ip: ctx.req.ip,
      userAgent: ctx.req.userAgent,
      device: await knownDevice(ctx, now),
      now,
    });
    setSessionCookie(ctx, token);
    rememberDevice(ctx, session.user.id, now);
    return { redirectTo };
  };
}

export const authRouter = router({
  /** What the sign-in page offers, and the app the person is signing in to, if any. */
  options: publicProcedure.query(async ({ ctx }) => ({
    authScheme: ctx.config.authScheme,
    // The form shows under `allow-list` too: the address typed decides (signup-not-allowed).
    allowSignup: ctx.config.authScheme === 'password' && ctx.config.signupMode !== 'closed',
    signupMode: ctx.config.signupMode,
    continuingTo: await pendingClientName(ctx),
  })),

  /**
   * The address a first Mozilla sign-in was refused for, for /sign-up/not-allowed: taken once from
   * its sealed one-minute cookie (decision 0075), else null. It tells the caller only what their
   * own browser brought.
   */
  refusedSignUp: publicProcedure.query(({ ctx }) => ({ email: takeRefusedSignUp(ctx) })),

  signInWithPassword: publicProcedure
    .input(signInWithPasswordSchema)
    .mutation(signsIn(signInWithPassword, CONTINUE)),

  /**
   * With mail, "check your mail" and no session, whether or not the address has an account
   * (decision 0069); without it, signed in at once. Connects the new person to the app they are
   * signing up through, if any (its user.created).
   */
  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    checkSameOrigin(ctx); // before any lookup
    const clientId = await pendingSignInClientId(ctx);
    const now = (ctx.hub.clock ?? systemClock).now();
    const signedIn = await signUp(
      ctx.em,
      ctx.config,
      input,
      { ip: ctx.req.ip, userAgent: ctx.req.userAgent, now },
      {
        admit: signupGate(ctx.em, ctx.config),
        onCreated: (user) => {
          if (clientId) ctx.em.create(ClientConnection, { user, client: clientId });
        },
      },
    );
    if (!signedIn) return { redirectTo: CHECK_EMAIL };
    setSessionCookie(ctx, signedIn.token);
    rememberDevice(ctx, signedIn.session.user.id, now);
    return { redirectTo: CONTINUE };
  }),

  /** "Forgot password?": the same answer whether or not an account uses the address. */
  requestPasswordReset: publicProcedure.input(requestPasswordResetSchema).mutation(({ ctx, input }) => {
    checkSameOrigin(ctx);
    return requestPasswordReset(ctx.em, ctx.config, input, { ip: ctx.req.ip });
  }),

  /** Opens an address-confirmation link; needs no session (the link may be opened on another device). */
  verifyEmail: publicProcedure.input(verifyEmailSchema).mutation(({ ctx, input }) => {
    checkSameOrigin(ctx);
    return verifyEmail(ctx.em, ctx.config, input);
  }),

  /** Mails the signed-in person's confirmation link again ("check your mail"). */
  resendVerification: userProcedure.mutation(({ ctx }) =>
    resendEmailVerification(ctx.em, ctx.config, ctx.user.id),
  ),

  /** Starts an address change (AUTH_SCHEME=password): a link goes to the new address. */
  requestEmailChange: userProcedure
    .input(requestEmailChangeSchema)
    .mutation(({ ctx, input }) => requestEmailChange(ctx.em, ctx.config, ctx.user.id, input)),

  /** Sets a password from an invitation or reset link. */
  setPassword: publicProcedure.input(setPasswordSchema).mutation(signsIn(setPasswordWithToken, '/')),

  changePassword: userProcedure
    .input(changePasswordSchema)
    .mutation(({ ctx, input }) =>
      changePassword(ctx.em, ctx.config, ctx.user, ctx.session.id, input, selfChange(ctx)),
    ),

  /** How the signed-in person proves who they are: password or Mozilla accounts (security page). */
  credentials: userProcedure.query(({ ctx }) => accountCredentials(ctx.em, ctx.config, ctx.user.id)),

  signOut: userProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.em, ctx.hub, ctx.session, ctx.user.id);
    clearSessionCookie(ctx);
    return { redirectTo: '/sign-in' };
  }),
});
