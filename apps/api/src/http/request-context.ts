import type { CookieOptions, RequestInfo, ResponseControl } from '@accounts/core/context';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import type { AppEnv } from './types.ts';

/**
 * Read on first use: most calls never look at the address or the user agent, and working out
 * the address (the socket, or the proxy's header) is a measurable part of a cheap request.
 */
export function requestInfo(c: Context<AppEnv>): RequestInfo {
  let ip: string | null | undefined;
  let userAgent: string | null | undefined;
  let origin: string | null | undefined;
  let authorization: string | null | undefined;
  return {
    requestId: c.get('requestId'),
    get ip() {
      if (ip === undefined) ip = clientIp(c);
      return ip;
    },
    get userAgent() {
      if (userAgent === undefined) userAgent = c.req.header('user-agent') ?? null;
      return userAgent;
    },
    get origin() {
      if (origin === undefined) origin = c.req.header('origin') ?? null;
      return origin;
    },
    get authorization() {
      if (authorization === undefined) authorization = c.req.header('authorization') ?? null;
      return authorization;
    },
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
    deleteCookie: (name) => {
      cookies.push(cookieHeader(name, '', { maxAgeSeconds: 0 }, secure));
    },
  };
}
