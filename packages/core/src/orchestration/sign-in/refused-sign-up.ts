import { z } from 'zod';
import type { HubConfig } from '../../kernel/config.ts';
import type { BaseContext } from '../../kernel/context.ts';
import { openCookieValue, sealCookieValue } from '../../kernel/crypto/sealed-cookie.ts';

/**
 * The address of a first Mozilla sign-in SIGNUP_MODE refused, for /sign-up/not-allowed to show
 * once (the person may not know which of their addresses Mozilla gave, and staff need exactly that
 * one). Not in the URL: browser history, access logs and Referer headers keep URLs (decision 0075).
 * Instead a cookie that is sealed (no one else can make the page show text of their choosing, and
 * it is unreadable to anything that stores it), HttpOnly, sent only to /trpc, and good for a minute;
 * the page's `auth.refusedSignUp` query takes it and clears it.
 */
export const REFUSED_SIGN_UP_SECONDS = 60;

/** Only the page's tRPC calls need it; page and asset loads do not carry it. */
const COOKIE_PATH = '/trpc';
const CONTEXT = 'refused-sign-up';

const refusedSchema = z.object({ email: z.email().max(254), createdAt: z.number() });

export function refusedSignUpCookieName(config: HubConfig): string {
  // `__Host-` would need Path=/; `__Secure-` still keeps plain-http pages from setting it.
  return config.publicUrl.startsWith('https://')
    ? '__Secure-accounts_refused_sign_up'
    : 'accounts_refused_sign_up';
}

export function rememberRefusedSignUp(ctx: Pick<BaseContext, 'config' | 'res'>, email: string): void {
  const parsed = refusedSchema.shape.email.safeParse(email.toLowerCase());
  if (!parsed.success) return; // Nothing to show that staff could allow: the page says it in general.
  const sealed = sealCookieValue(ctx.config.encryptionKeys, CONTEXT, {
    email: parsed.data,
    createdAt: Date.now(),
  });
  ctx.res.setCookie(refusedSignUpCookieName(ctx.config), sealed, {
    httpOnly: true,
    // Lax: set on the top-level redirect back from Mozilla, sent on the page's own requests.
    sameSite: 'Lax',
    path: COOKIE_PATH,
    maxAgeSeconds: REFUSED_SIGN_UP_SECONDS,
  });
}

/**
 * The refused address, once: the cookie is cleared whether or not it held one. Null when there is
 * none, it was tampered with or copied from another context, or it is older than a minute.
 */
export function takeRefusedSignUp(ctx: Pick<BaseContext, 'config' | 'req' | 'res'>): string | null {
  const name = refusedSignUpCookieName(ctx.config);
  const raw = ctx.req.cookie(name);
  if (raw === undefined) return null;
  ctx.res.deleteCookie(name, { path: COOKIE_PATH });
  const refused = openCookieValue(ctx.config.encryptionKeys, CONTEXT, raw, {
    schema: refusedSchema,
    maxLength: 1024,
    issuedAt: (value) => value.createdAt,
    maxAgeMs: REFUSED_SIGN_UP_SECONDS * 1000,
  });
  return refused?.email ?? null;
}
