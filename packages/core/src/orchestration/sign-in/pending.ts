import { z } from 'zod';
import type { HubConfig } from '../../kernel/config.ts';
import type { BaseContext } from '../../kernel/context.ts';
import { openText, seal } from '../../kernel/crypto/sealed-box.ts';

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
  const value = seal(ctx.config.encryptionKeys, JSON.stringify(pending), CONTEXT).toString('base64url');
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
  const raw = ctx.req.cookie(pendingCookieName(ctx.config));
  if (!raw || raw.length > 4096) return null;
  try {
    const parsed = pendingSchema.safeParse(
      JSON.parse(openText(ctx.config.encryptionKeys, Buffer.from(raw, 'base64url'), CONTEXT)),
    );
    if (!parsed.success) return null;
    const age = Date.now() - parsed.data.createdAt;
    return age >= 0 && age <= PENDING_SIGN_IN_SECONDS * 1000 ? parsed.data : null;
  } catch {
    return null;
  }
}
