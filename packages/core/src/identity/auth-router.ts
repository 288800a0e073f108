import { z } from 'zod';
import { checkSameOrigin, publicProcedure, router, userProcedure } from '../trpc.ts';
import {
  changePassword,
  passwordSchema,
  setPasswordWithToken,
  signInWithPassword,
  signUp,
} from './passwords.ts';
import { clearSessionCookie, setSessionCookie } from './sessions.ts';
import { pendingClientName } from './sign-in/pending-client.ts';
import { signOut } from './sign-out.ts';

/** After a password sign-in the browser goes here; it finishes a client app's login if one is pending. */
const CONTINUE = '/auth/continue';

const identifier = z.string().trim().min(1, 'Enter your email or username.').max(255);
const email = z.email('Enter a valid email address.').max(255);
const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'Use 2–40 letters, digits, dots, dashes or underscores.');

export const authRouter = router({
  /** What the sign-in page offers, and the app the person is signing in to, if any. */
  options: publicProcedure.query(async ({ ctx }) => ({
    authScheme: ctx.config.authScheme,
    allowSignup: ctx.config.authScheme === 'password' && ctx.config.allowSignup,
    continuingTo: await pendingClientName(ctx),
  })),

  signInWithPassword: publicProcedure
    .input(z.object({ identifier, password: z.string().min(1, 'Enter your password.').max(1024) }))
    .mutation(async ({ ctx, input }) => {
      // Login CSRF: only our own pages may sign someone in.
      checkSameOrigin(ctx);
      const { token } = await signInWithPassword(ctx.em, ctx.config, input, {
        ip: ctx.req.ip,
        userAgent: ctx.req.userAgent,
      });
      setSessionCookie(ctx, token);
      return { redirectTo: CONTINUE };
    }),

  signUp: publicProcedure
    .input(
      z.object({
        email,
        password: passwordSchema,
        username: username.optional(),
        displayName: z.string().trim().max(255).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      checkSameOrigin(ctx);
      const { token } = await signUp(ctx.em, ctx.config, input, {
        ip: ctx.req.ip,
        userAgent: ctx.req.userAgent,
      });
      setSessionCookie(ctx, token);
      return { redirectTo: CONTINUE };
    }),

  /** Sets a password from an invitation or reset link. */
  setPassword: publicProcedure
    .input(z.object({ token: z.string().min(1).max(256), password: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      checkSameOrigin(ctx);
      const { token } = await setPasswordWithToken(ctx.em, ctx.config, input, {
        ip: ctx.req.ip,
        userAgent: ctx.req.userAgent,
      });
      setSessionCookie(ctx, token);
      return { redirectTo: '/' };
    }),

  changePassword: userProcedure
    .input(z.object({ currentPassword: z.string().max(1024).nullable(), newPassword: passwordSchema }))
    .mutation(({ ctx, input }) => changePassword(ctx.em, ctx.config, ctx.user, ctx.session.id, input)),

  signOut: userProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.em, ctx.hub, ctx.session, ctx.user.id);
    clearSessionCookie(ctx);
    return { redirectTo: '/sign-in' };
  }),
});
