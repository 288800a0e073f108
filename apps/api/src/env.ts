import { fileURLToPath } from 'node:url';
import { type EncryptionKey, type HubConfig, SIGNUP_MODES, type SignupMode } from '@accounts/core/kernel';
import { z } from 'zod';

/**
 * The one place the API, worker and CLI read process.env. Everything is validated at start-up;
 * a missing or bad variable stops the process with a message that names it.
 */
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(1).max(65535);

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name');

/** `base64` (one key, id k1) or `id:base64,id:base64` — the first key encrypts, all decrypt. */
const encryptionKeys = z.string().transform((value, ctx): EncryptionKey[] => {
  const keys: EncryptionKey[] = [];
  const parts = value.split(',').map((part) => part.trim());
  for (const [index, part] of parts.entries()) {
    const [id, encoded] = part.includes(':') ? part.split(':', 2) : [`k${index + 1}`, part];
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be 32 random bytes in base64 (openssl rand -base64 32), or a comma list of id:base64 keys',
      });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  return keys;
});

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    PORT: port.default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: url.transform((value) => value.replace(/\/+$/, '')),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DASHBOARD_DIR: z.string().default(fileURLToPath(new URL('../../dashboard/dist', import.meta.url))),
    AUTH_SCHEME: z.enum(['fxa', 'password']).default('fxa'),
    ENCRYPTION_KEY: encryptionKeys,
    FXA_CLIENT_ID: z.string().min(1).default('unset'),
    FXA_CLIENT_SECRET: z.string().min(1).optional(),
    /** The explicit choice of a public client (no secret, PKCE S256) instead of a confidential one. */
    FXA_PUBLIC_CLIENT: boolean.default(false),
    FXA_DISCOVERY_URL: url.default('https://accounts.firefox.com/.well-known/openid-configuration'),
    FXA_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
    PADDLE_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
    PADDLE_API_KEY: z.string().optional(),
    PADDLE_CLIENT_TOKEN: z.string().optional(),
    PADDLE_WEBHOOK_SECRET: z.string().optional(),
    PADDLE_API_URL: url.optional(),
    PADDLE_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
    MAIL_DOMAINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(domain).min(1, 'must name at least one domain')),
    MAIL_LAPSED_MAILBOX: z.enum(['receive-only', 'inactive']).default('receive-only'),
    MAIL_IMAP_HOST: z.string().optional(),
    MAIL_IMAP_PORT: port.default(993),
    MAIL_SMTP_HOST: z.string().optional(),
    MAIL_SMTP_PORT: port.default(465),
    MAIL_JMAP_URL: url.optional(),
    MAIL_MX_HOST: domain.optional(),
    MAIL_SPF: z.string().startsWith('v=spf1', 'must be an SPF record (v=spf1 …)').default('v=spf1 mx -all'),
    MAIL_DKIM_SELECTOR: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a DNS label')
      .default('hub'),
    MAIL_DKIM_TARGET: z.string().optional(),
    MAIL_DMARC: z
      .string()
      .startsWith('v=DMARC1', 'must be a DMARC record (v=DMARC1; …)')
      .default('v=DMARC1; p=quarantine'),
    STALWART_DB_PASSWORD: z.string().min(16, 'must be at least 16 characters').optional(),
    SESSION_IDLE_DAYS: z.coerce.number().min(0.01).max(365).default(14),
    SESSION_ABSOLUTE_DAYS: z.coerce.number().min(0.01).max(365).default(30),
    /** Who may come into being as a new person: everyone, the allow-list, or nobody. */
    SIGNUP_MODE: z.enum(SIGNUP_MODES).optional(),
    /** Deprecated: true = SIGNUP_MODE=open, false = SIGNUP_MODE=allow-list (README, docs/deploy.md). */
    ALLOW_SIGNUP: boolean.optional(),
    /**
     * The hub's own outgoing mail (verification, password reset, security notices) goes to this
     * submission server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465.
     * Not MAIL_SMTP_HOST/PORT: those are what people's mail apps are told to use.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    /** From header of that mail; its display name is the hub's name in every message. */
    MAIL_FROM: z.string().trim().min(3).max(200).optional(),
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: boolean.default(false),
    /** On SIGTERM, keep serving (with /readyz at 503) this long before closing, for load balancers. */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The API serves /metrics on a listener of its own on this port, instead of on PORT. */
    METRICS_PORT: port.optional(),
    METRICS_HOST: z.string().default('127.0.0.1'),
    /** Trust X-Forwarded-For from the reverse proxy in front of the API. */
    TRUST_PROXY: boolean.default(false),
    /** Run the background jobs inside the API process too (dev, small installs). */
    JOBS_IN_PROCESS: boolean.default(false),
    WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** The worker serves its own /metrics (job runs, pool) on this port when set. */
    WORKER_METRICS_PORT: port.optional(),
    WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
    /**
     * The worker's OS scheduling priority (nice, 0–19; 0 leaves it as started). Where the worker
     * shares cores with the API, 10 lets the acknowledgements and requests have the CPU first.
     */
    WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
    /** /trpc by the fast path (src/fast-path/); false: by tRPC's stock fetch adapter. */
    TRPC_FAST_PATH: boolean.default(true),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    const issue = (name: string, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
    if (env.AUTH_SCHEME === 'fxa' && env.FXA_CLIENT_ID === 'unset') {
      issue('FXA_CLIENT_ID', 'is required when AUTH_SCHEME=fxa');
    }
    // Public or confidential is the operator's stated choice, never inferred from a missing secret.
    if (env.FXA_PUBLIC_CLIENT && env.FXA_CLIENT_SECRET) {
      issue('FXA_CLIENT_SECRET', 'must not be set when FXA_PUBLIC_CLIENT=true');
    } else if (env.AUTH_SCHEME === 'fxa' && !env.FXA_PUBLIC_CLIENT && !env.FXA_CLIENT_SECRET) {
      issue('FXA_CLIENT_SECRET', 'is required when AUTH_SCHEME=fxa (or set FXA_PUBLIC_CLIENT=true)');
    }
    // Without https the session cookie cannot be Secure or __Host-, and there is no HSTS. Loopback
    // stays allowed: the tests and the bench run production builds on http://127.0.0.1.
    if (production && !isHttpsOrLoopback(env.PUBLIC_URL)) {
      issue('PUBLIC_URL', 'must be https in production (http only on localhost, 127.0.0.1 or [::1])');
    }
    if (production) {
      for (const name of ['PADDLE_API_KEY', 'PADDLE_CLIENT_TOKEN', 'PADDLE_WEBHOOK_SECRET'] as const) {
        if (!env[name]) issue(name, 'is required in production');
      }
    }
    // Without it the hub queues nothing and sends nothing: no address confirmation, no "Forgot
    // password?" link, no security notice, and sign-up could not answer the same for every
    // address (decision 0069). Failing at start beats finding out from the people it never wrote to.
    if (production && !env.SMTP_URL) {
      issue(
        'SMTP_URL',
        'is required in production: the hub sends address confirmations, password reset links and security notices through it (smtp://user:pass@host:587 or smtps://user:pass@host:465)',
      );
    }
    // /metrics tells anyone who reads it a lot about the installation: in production it needs a
    // token, unless only this machine can reach it.
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      issue('METRICS_PORT', 'must differ from PORT');
    }
    if (production && !env.METRICS_TOKEN) {
      if (env.METRICS_PORT === undefined) {
        issue(
          'METRICS_TOKEN',
          'is required in production, unless METRICS_PORT serves /metrics on a loopback METRICS_HOST',
        );
      } else if (!isLoopbackHost(env.METRICS_HOST)) {
        issue('METRICS_HOST', 'must be a loopback address (127.0.0.1, ::1, localhost) without METRICS_TOKEN');
      }
      if (env.WORKER_METRICS_PORT !== undefined && !isLoopbackHost(env.WORKER_METRICS_HOST)) {
        issue(
          'WORKER_METRICS_HOST',
          'must be a loopback address (127.0.0.1, ::1, localhost) without METRICS_TOKEN',
        );
      }
    }
    if (
      env.SIGNUP_MODE !== undefined &&
      env.ALLOW_SIGNUP !== undefined &&
      env.SIGNUP_MODE !== (env.ALLOW_SIGNUP ? 'open' : 'allow-list')
    ) {
      issue('ALLOW_SIGNUP', `is replaced by SIGNUP_MODE and says otherwise: remove ALLOW_SIGNUP`);
    }
    if (env.MAIL_FROM && !parseMailFrom(env.MAIL_FROM)) {
      issue('MAIL_FROM', 'must be an address, or "Name" <address>');
    }
    if (production && env.WEBHOOKS_ALLOW_PRIVATE_TARGETS) {
      issue('WEBHOOKS_ALLOW_PRIVATE_TARGETS', 'must not be true in production');
    }
    if (production && env.ENCRYPTION_KEY.some(({ key }) => PUBLISHED_KEYS.has(key.toString('base64')))) {
      issue(
        'ENCRYPTION_KEY',
        'is a key published in this repository; make your own (openssl rand -base64 32)',
      );
    }
  });

/** `address` or `"Name" <address>` / `Name <address>`; the name, when given, is the hub's name. */
function parseMailFrom(value: string): { name: string | null; address: string } | null {
  const address = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
  const named = /^"?([^"<>]*?)"?\s*<([^<>]+)>$/.exec(value);
  if (named) {
    const name = named[1]!.trim();
    return address.test(named[2]!) ? { name: name || null, address: named[2]! } : null;
  }
  return address.test(value) ? { name: null, address: value } : null;
}

/** Keys anyone can read in the repository's history (.env.example carried one until 2026-11). */
const PUBLISHED_KEYS = new Set(['yylRwSxpK4e0sTEAFKaOa+5aee9idW3lM2/TM+yEmCE=']);

function isHttpsOrLoopback(value: string): boolean {
  const url = new URL(value);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** An address only this machine can reach. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Every variable env.ts reads, for the configuration reference in docs/deploy.md (checked by a test). */
export const ENV_SCHEMA = schema;

export interface ApiEnv {
  nodeEnv: 'development' | 'test' | 'production';
  databaseUrl: string;
  dbPoolMax: number;
  port: number;
  host: string;
  logLevel: string;
  dashboardDir: string;
  jobsInProcess: boolean;
  metricsToken: string | null;
  /** /metrics on a listener of its own (METRICS_PORT), not on the API's port; null: on the API's. */
  metricsListener: { port: number; host: string } | null;
  trustProxy: boolean;
  shutdownDrainMs: number;
  workerMetrics: { port: number; host: string } | null;
  /** The worker's nice value (0: unchanged). */
  workerNice: number;
  trpcFastPath: boolean;
  hub: HubConfig;
  /** Settings that still work but should change (the processes log each at start). */
  deprecations: string[];
}

/**
 * SIGNUP_MODE, or the deprecated ALLOW_SIGNUP mapped onto it: true meant "anyone may sign up",
 * false meant "only the allow-list" (what the allow-list was for). Neither: allow-list, so an
 * installation that never chose lets in only the people staff listed.
 */
function signupModeOf(env: { SIGNUP_MODE?: SignupMode | undefined; ALLOW_SIGNUP?: boolean | undefined }): {
  mode: SignupMode;
  deprecations: string[];
} {
  if (env.ALLOW_SIGNUP === undefined) return { mode: env.SIGNUP_MODE ?? 'allow-list', deprecations: [] };
  const mode = env.ALLOW_SIGNUP ? 'open' : 'allow-list';
  return {
    mode,
    deprecations: [
      env.SIGNUP_MODE
        ? 'ALLOW_SIGNUP is deprecated and SIGNUP_MODE is set: remove ALLOW_SIGNUP'
        : `ALLOW_SIGNUP is deprecated: replace ALLOW_SIGNUP=${env.ALLOW_SIGNUP} with SIGNUP_MODE=${mode}`,
    ],
  };
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function parseEnv(source: Record<string, string | undefined>): ApiEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const message =
        issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      return `  ${name}: ${message}`;
    });
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  const mailHost = env.MAIL_DOMAINS[0]!;
  const mailFrom = parseMailFrom(env.MAIL_FROM ?? '') ?? { name: null, address: `no-reply@${mailHost}` };
  const hubName = mailFrom.name ?? new URL(env.PUBLIC_URL).hostname;
  const signup = signupModeOf(env);
  return {
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    dbPoolMax: env.DB_POOL_MAX,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    dashboardDir: env.DASHBOARD_DIR,
    jobsInProcess: env.JOBS_IN_PROCESS,
    metricsToken: env.METRICS_TOKEN ?? null,
    metricsListener:
      env.METRICS_PORT === undefined ? null : { port: env.METRICS_PORT, host: env.METRICS_HOST },
    trustProxy: env.TRUST_PROXY,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS,
    workerMetrics: env.WORKER_METRICS_PORT
      ? { port: env.WORKER_METRICS_PORT, host: env.WORKER_METRICS_HOST }
      : null,
    workerNice: env.WORKER_NICE,
    trpcFastPath: env.TRPC_FAST_PATH,
    hub: {
      publicUrl: env.PUBLIC_URL,
      authScheme: env.AUTH_SCHEME,
      encryptionKeys: env.ENCRYPTION_KEY,
      fxa: {
        clientId: env.FXA_CLIENT_ID,
        clientSecret: env.FXA_PUBLIC_CLIENT ? null : (env.FXA_CLIENT_SECRET ?? null),
        discoveryUrl: env.FXA_DISCOVERY_URL,
        timeoutMs: env.FXA_TIMEOUT_MS,
      },
      paddle: {
        environment: env.PADDLE_ENVIRONMENT,
        // Empty outside production: the feature the value feeds stays off (webhooks get 401).
        apiKey: env.PADDLE_API_KEY ?? '',
        clientToken: env.PADDLE_CLIENT_TOKEN ?? '',
        webhookSecret: env.PADDLE_WEBHOOK_SECRET ?? '',
        apiBaseUrl:
          env.PADDLE_API_URL ??
          (env.PADDLE_ENVIRONMENT === 'production'
            ? 'https://api.paddle.com'
            : 'https://sandbox-api.paddle.com'),
        graceDays: env.PADDLE_GRACE_DAYS,
      },
      mail: {
        domains: env.MAIL_DOMAINS,
        lapsedMailbox: env.MAIL_LAPSED_MAILBOX,
        imap: { host: env.MAIL_IMAP_HOST ?? `imap.${mailHost}`, port: env.MAIL_IMAP_PORT, security: 'tls' },
        smtp: { host: env.MAIL_SMTP_HOST ?? `smtp.${mailHost}`, port: env.MAIL_SMTP_PORT, security: 'tls' },
        jmapUrl: env.MAIL_JMAP_URL ?? `https://mail.${mailHost}/.well-known/jmap`,
        dns: {
          mxHost: env.MAIL_MX_HOST ?? `mx.${mailHost}`,
          spf: env.MAIL_SPF,
          dkimSelector: env.MAIL_DKIM_SELECTOR,
          dkimTarget: env.MAIL_DKIM_TARGET ?? `${env.MAIL_DKIM_SELECTOR}._domainkey.${mailHost}`,
          dmarc: env.MAIL_DMARC,
        },
        stalwartDbPassword: env.STALWART_DB_PASSWORD ?? null,
      },
      sessions: {
        idleSeconds: Math.round(env.SESSION_IDLE_DAYS * 86400),
        absoluteSeconds: Math.round(env.SESSION_ABSOLUTE_DAYS * 86400),
      },
      signupMode: signup.mode,
      outgoingMail: {
        smtpUrl: env.SMTP_URL ?? null,
        from: `"${hubName.replace(/["\\]/g, '')}" <${mailFrom.address}>`,
        hubName,
      },
      webhooks: {
        allowPrivateTargets: env.WEBHOOKS_ALLOW_PRIVATE_TARGETS,
        timeoutMs: env.WEBHOOKS_TIMEOUT_MS,
      },
      isDevelopment: env.NODE_ENV !== 'production',
    },
    deprecations: signup.deprecations,
  };
}

/** Only what migrations need, so `db:migrate` runs with nothing but DATABASE_URL set. */
export function parseDatabaseEnv(source: Record<string, string | undefined>): { databaseUrl: string } {
  const result = schema.shape.DATABASE_URL.safeParse(source.DATABASE_URL || undefined);
  if (!result.success) {
    const message = source.DATABASE_URL ? 'must be a postgres:// URL' : 'is required';
    throw new ConfigurationError(`Invalid configuration:\n  DATABASE_URL: ${message}`);
  }
  return { databaseUrl: result.data };
}

/** TRPC_FAST_PATH alone, for tests that build the app on either path. */
export function parseTrpcFastPath(source: Record<string, string | undefined>): boolean {
  const result = schema.shape.TRPC_FAST_PATH.safeParse(source.TRPC_FAST_PATH || undefined);
  if (!result.success) {
    throw new ConfigurationError('Invalid configuration:\n  TRPC_FAST_PATH: must be true or false');
  }
  return result.data;
}

/** Reads process.env once; on bad configuration prints what is wrong and exits. */
export function loadEnv(): ApiEnv {
  return exitOnConfigurationError(() => parseEnv(process.env));
}

export function loadDatabaseEnv(): { databaseUrl: string } {
  return exitOnConfigurationError(() => parseDatabaseEnv(process.env));
}

/** TRPC_FAST_PATH from process.env alone (the tests build the app on the path it names). */
export function loadTrpcFastPath(): boolean {
  return parseTrpcFastPath(process.env);
}

function exitOnConfigurationError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
