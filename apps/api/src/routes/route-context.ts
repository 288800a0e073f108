import { type BaseContext, createContext } from '@accounts/core/context';
import type { Context } from 'hono';
import { requestInfo, responseControl } from '../http/request-context.ts';
import type { AppEnv } from '../http/types.ts';

/** The same context a tRPC procedure gets, for plain Hono routes; cookies land on `headers`. */
export function routeContext(c: Context<AppEnv>): { ctx: BaseContext; headers: Headers } {
  const hub = c.get('hub');
  const headers = new Headers();
  const secure = hub.config.publicUrl.startsWith('https://');
  return { ctx: createContext(hub, requestInfo(c), responseControl(headers, secure)), headers };
}

export function redirectWithCookies(c: Context<AppEnv>, location: string, headers: Headers): Response {
  const response = c.redirect(location, 302);
  for (const cookie of headers.getSetCookie()) response.headers.append('set-cookie', cookie);
  response.headers.set('cache-control', 'no-store');
  return response;
}
