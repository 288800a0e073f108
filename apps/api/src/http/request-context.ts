import type { CookieOptions, RequestInfo, ResponseControl } from '@accounts/core/kernel';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import type { AppEnv } from './types.ts';

export function requestInfo(c: Context<AppEnv>): RequestInfo {
  return {
    requestId: c.get('requestId'),
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
    origin: c.req.header('origin') ?? null,
    authorization: c.req.header('authorization') ?? null,
    cookie: (name) => getCookie(c, name),
  };
}

function clientIp(c: Context<AppEnv>): string | null {
  if (c.get('trustProxy')) {
    // The last entry is the one our proxy appended; anything before it came from the client, who
    // could otherwise pick a new address per attempt and dodge the per-address throttling.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}

export function cookieHeader(name: string, value: string, options: CookieOptions, secure: boolean): string {
  return serialize(name, value, {
    path: options.path ?? '/',
    httpOnly: options.httpOnly ?? true,
    sameSite: options.sameSite ?? 'Lax',
    secure,
    ...(options.maxAgeSeconds !== undefined ? { maxAge: options.maxAgeSeconds } : {}),
  });
}

/** Cookies are collected as `Set-Cookie` values: the tRPC handler builds its own Response. */
export function responseControl(cookies: string[], secure: boolean): ResponseControl {
  return {
    setCookie: (name, value, options = {}) => {
      cookies.push(cookieHeader(name, value, options, secure));
    },
    deleteCookie: (name, options = {}) => {
      cookies.push(cookieHeader(name, '', { ...options, maxAgeSeconds: 0 }, secure));
    },
  };
}
