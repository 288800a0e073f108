import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
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
  deleteCookie(name: string): void;
}

/** Long-lived dependencies shared by every request, job and CLI command of one process. */
export interface Hub {
  orm: MikroORM;
  config: HubConfig;
  log: Logger;
  /** DNS lookups (custom mail domains); the system resolver when absent, tests pass their own. */
  dns?: DnsResolver;
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
 * What every fork shares with the root EntityManager (the driver, its connection and platform, the
 * metadata): asking for these needs no fork, so the session check of an authenticated request,
 * one raw query, makes none.
 */
const SHARED_WITH_FORKS = new Set<PropertyKey>(['getConnection', 'getPlatform', 'getMetadata', 'getDriver']);

/**
 * One EntityManager fork per request, made on first use: many calls never touch the database,
 * and a fork is a measurable part of a cheap request. tRPC copies the context object at every
 * middleware, which would evaluate a getter, so the fork hides behind a proxy instead.
 */
function lazyFork(orm: MikroORM): EntityManager {
  let fork: EntityManager | undefined;
  const real = () => {
    fork ??= orm.em.fork();
    return fork;
  };
  return new Proxy(Object.create(Object.getPrototypeOf(orm.em)) as EntityManager, {
    get(_target, property) {
      const em = fork ?? (SHARED_WITH_FORKS.has(property) ? orm.em : real());
      const value = Reflect.get(em, property, em);
      return typeof value === 'function' ? value.bind(em) : value;
    },
    set: (_target, property, value) => Reflect.set(real(), property, value),
    has: (_target, property) => Reflect.has(real(), property),
  });
}

export function createContext(hub: Hub, req: RequestInfo, res: ResponseControl): BaseContext {
  // The app's logger adds the request id to every line by itself (system/correlation.ts).
  return { hub, config: hub.config, req, res, em: lazyFork(hub.orm), log: hub.log };
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
