import { z } from 'zod';
import type { HubConfig } from '../../kernel/config.ts';
import type { BaseContext } from '../../kernel/context.ts';
import { openCookieValue, sealCookieValue } from '../../kernel/crypto/sealed-cookie.ts';

/**
 * A sign-in in progress lives in one short-lived, sealed, HttpOnly cookie: what the person is
 * signing in for (the dashboard, or a client app's login request), plus the OAuth state and PKCE
 * verifier for Mozilla. Sealing (not just signing) keeps the verifier secret even from the browser.
 */
export const PENDING_SIGN_IN_SECONDS = 10 * 60;

const intentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dashboard'), returnTo: z.string() }),
  z.object({ kind: z.literal('client'), loginRequestId: z.uuid() }),
]);
export type SignInIntent = z.infer<typeof intentSchema>;

const pendingSchema = z.object({
  intent: intentSchema,
  state: z.string().nullable(),
  codeVerifier: z.string().nullable(),
  createdAt: z.number(),
});
export type PendingSignIn = z.infer<typeof pendingSchema>;

const CONTEXT = 'pending-sign-in';

export function pendingCookieName(config: HubConfig): string {
  return config.publicUrl.startsWith('https://') ? '__Host-accounts_sign_in' : 'accounts_sign_in';
}

export function writePendingSignIn(ctx: Pick<BaseContext, 'config' | 'res'>, pending: PendingSignIn): void {
  const value = sealCookieValue(ctx.config.encryptionKeys, CONTEXT, pending);
  ctx.res.setCookie(pendingCookieName(ctx.config), value, {
    httpOnly: true,
    // Lax: the cookie must come back on the top-level redirect from Mozilla.
    sameSite: 'Lax',
    path: '/',
    maxAgeSeconds: PENDING_SIGN_IN_SECONDS,
  });
}

export function clearPendingSignIn(ctx: Pick<BaseContext, 'config' | 'res'>): void {
  ctx.res.deleteCookie(pendingCookieName(ctx.config));
}

/** The pending sign-in, or null when there is none, it was tampered with, or it is too old. */
export function readPendingSignIn(ctx: Pick<BaseContext, 'config' | 'req'>): PendingSignIn | null {
  return openCookieValue(ctx.config.encryptionKeys, CONTEXT, ctx.req.cookie(pendingCookieName(ctx.config)), {
    schema: pendingSchema,
    maxLength: 4096,
    issuedAt: (pending) => pending.createdAt,
    maxAgeMs: PENDING_SIGN_IN_SECONDS * 1000,
  });
}
