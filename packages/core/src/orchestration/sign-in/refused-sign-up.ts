import { z } from 'zod';
import type { HubConfig } from '../../kernel/config.ts';
import type { BaseContext } from '../../kernel/context.ts';
import { openText, seal } from '../../kernel/crypto/sealed-box.ts';

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
  const sealed = seal(
    ctx.config.encryptionKeys,
    JSON.stringify({ email: parsed.data, createdAt: Date.now() }),
    CONTEXT,
  );
  ctx.res.setCookie(refusedSignUpCookieName(ctx.config), sealed.toString('base64url'), {
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
  if (raw.length > 1024) return null;
  try {
    const parsed = refusedSchema.safeParse(
      JSON.parse(openText(ctx.config.encryptionKeys, Buffer.from(raw, 'base64url'), CONTEXT)),
    );
    if (!parsed.success) return null;
    const age = Date.now() - parsed.data.createdAt;
    return age >= 0 && age <= REFUSED_SIGN_UP_SECONDS * 1000 ? parsed.data.email : null;
  } catch {
    return null;
  }
}
