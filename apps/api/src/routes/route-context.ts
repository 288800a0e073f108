import { type BaseContext, createContext } from '@accounts/core/kernel';
import type { Context } from 'hono';
import { requestInfo, responseControl } from '../http/request-context.ts';
import type { AppEnv } from '../http/types.ts';

/** The same context a tRPC procedure gets, for plain Hono routes; cookies land on `cookies`. */
export function routeContext(c: Context<AppEnv>): { ctx: BaseContext; cookies: string[] } {
  const hub = c.get('hub');
  const cookies: string[] = [];
  const secure = hub.config.publicUrl.startsWith('https://');
  return { ctx: createContext(hub, requestInfo(c), responseControl(cookies, secure)), cookies };
}

export function redirectWithCookies(c: Context<AppEnv>, location: string, cookies: string[]): Response {
  const response = c.redirect(location, 302);
  for (const cookie of cookies) response.headers.append('set-cookie', cookie);
  return response;
}
