import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Clock } from './clock.ts';
import type { HubConfig } from './config.ts';
import type { DnsResolver } from './dns.ts';

/** The subset of pino's interface the domains use, so packages need no logger of their own. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None';
  path?: string;
}

/** What a procedure may know of the HTTP request, without knowing HTTP. */
export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The Origin header, used for the CSRF check on cookie-authenticated mutations. */
  origin: string | null;
  authorization: string | null;
  cookie(name: string): string | undefined;
}

export interface ResponseControl {
  setCookie(name: string, value: string, options?: CookieOptions): void;
  /** `path` must be the one the cookie was set with (default "/"), or the browser keeps it. */
  deleteCookie(name: string, options?: Pick<CookieOptions, 'path'>): void;
}

/** Long-lived dependencies shared by every request, job and CLI command of one process. */
export interface Hub {
  orm: MikroORM;
  config: HubConfig;
  log: Logger;
  /** DNS lookups (custom mail domains); the system resolver when absent, tests pass their own. */
  dns?: DnsResolver;
  /** Where sign-in throttling reads the time; the system clock when absent, tests drive their own. */
  clock?: Clock;
}

export interface BaseContext {
  hub: Hub;
  config: HubConfig;
  /** One EntityManager fork per request. */
  em: EntityManager;
  req: RequestInfo;
  res: ResponseControl;
  log: Logger;
}

/**
 * A request's context. `em` is its EntityManager: a fork of the root one unless the caller brings
 * its own (the API's fast path brings a fork made on first use).
 */
export function createContext(
  hub: Hub,
  req: RequestInfo,
  res: ResponseControl,
  em: EntityManager = hub.orm.em.fork(),
): BaseContext {
  // The app's logger adds the request id to every line by itself (system/correlation.ts).
  return { hub, config: hub.config, req, res, em, log: hub.log };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
