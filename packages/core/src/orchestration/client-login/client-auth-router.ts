import { z } from 'zod';
import { clientServerProcedure, environmentTokenProcedure } from '../../clients/index.ts';
import { signOut, toClientUserProfile } from '../../identity/index.ts';
import { text } from '../../kernel/text-schemas.ts';
import { router } from '../../kernel/trpc.ts';
import {
  accessTokenSession,
  checkAccessTokenOnline,
  exchangeAuthorizationCode,
  refreshClientTokens,
  refreshTokenSession,
  requireAccessToken,
  revokeRefreshToken,
} from './client-tokens.ts';
import { createLoginRequest } from './login-requests.ts';

const token = text.min(1).max(4096);

/**
 * For client apps' servers (environment token): the login flow and token handling. Every call
 * is refused at once when the environment or the client app is inactive.
 */
export const clientAuthRouter = router({
  /** A one-time, three-minute login link to send the person's browser to. */
  createLoginUrl: clientServerProcedure
    .input(z.object({ state: text.min(8).max(512), redirectTo: text.pipe(z.url().max(2048)).optional() }))
    .mutation(({ ctx, input }) => createLoginRequest(ctx.em, ctx.config, ctx.environment, input)),

  /** The code from the redirect, for the person's profile, an access token and a refresh token. */
  exchange: clientServerProcedure
    .input(z.object({ code: text.min(1).max(256) }))
    .mutation(({ ctx, input }) => exchangeAuthorizationCode(ctx.em, ctx.hub, ctx.environment, input.code)),

  /** A new token pair; the old refresh token is spent (presenting it again revokes the login). */
  refresh: clientServerProcedure
    .input(z.object({ refreshToken: token }))
    .mutation(({ ctx, input }) => refreshClientTokens(ctx.em, ctx.hub, ctx.environment, input.refreshToken)),

  /**
   * Online check of an access token: signature, expiry, audience, and that its session still exists.
   * A mutation (POST) although it changes nothing, so the token travels in the body, never in a URL.
   */
  verify: environmentTokenProcedure
    .input(z.object({ accessToken: token }))
    .mutation(async ({ ctx, input }) => {
      // The environment token is checked in the same statement as the session (decision 0064).
      const status = await checkAccessTokenOnline(ctx.em, ctx.hub, ctx.environmentToken, input.accessToken);
      if (!status.active) return { active: false as const, reason: status.reason, claims: null };
      const { claims } = status;
      return {
        active: true as const,
        reason: null,
        claims: {
          sub: claims.sub,
          aud: claims.aud,
          client_id: claims.client_id,
          sid: claims.sid,
          email: claims.email,
          // Tokens signed before the claim existed (10 minutes at most) count as unverified.
          email_verified: claims.email_verified === true,
          iat: claims.iat,
          exp: claims.exp,
          jti: claims.jti,
        },
      };
    }),

  /** Ends this app's login (the refresh token family); the hub session stays. */
  revoke: clientServerProcedure.input(z.object({ refreshToken: token })).mutation(async ({ ctx, input }) => {
    await revokeRefreshToken(ctx.em, ctx.environment, input.refreshToken);
    return { revoked: true };
  }),

  /** The person behind an access token (POST like verify: tokens stay out of URLs). */
  profile: clientServerProcedure.input(z.object({ accessToken: token })).mutation(async ({ ctx, input }) => {
    const { user } = await requireAccessToken(ctx.em, ctx.hub, ctx.environment, input.accessToken);
    return toClientUserProfile(user);
  }),

  /**
   * Signs the person out of the hub session behind the token, and so out of every app using it.
   * Takes the access token or, once that has expired, the refresh token. Not an expired access
   * token: those travel to the app's own APIs and may sit in their logs, while refresh tokens go
   * only between the app's server and the hub, are stored here, and can be revoked.
   */
  logout: clientServerProcedure
    .input(z.union([z.strictObject({ accessToken: token }), z.strictObject({ refreshToken: token })]))
    .mutation(async ({ ctx, input }): Promise<{ loggedOut: boolean; sessionId: string }> => {
      const { session, user } =
        'refreshToken' in input
          ? await refreshTokenSession(ctx.em, ctx.hub, ctx.environment, input.refreshToken)
          : await accessTokenSession(ctx.em, ctx.hub, ctx.environment, input.accessToken);
      await signOut(ctx.em, ctx.hub, { id: session.id, method: session.method }, user.id);
      return { loggedOut: true, sessionId: session.id };
    }),
});
