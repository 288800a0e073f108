import { isDatabaseUnreachable } from './db/unreachable.ts';

/**
 * The one error vocabulary of the hub. Services throw HubError; trpc.ts and the Hono routes map
 * it to tRPC codes and HTTP statuses from the tables below, so a client always gets a clear,
 * specific message and never a stack trace.
 */
export type HubErrorCode =
  | 'BAD_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE';

/**
 * Why a request was refused, as a stable code beside the English message: clients show their own
 * words for it (the dashboard's catalogues, in the person's language) and fall back to the
 * message for a code they do not know. Add codes here, never elsewhere.
 */
export type HubErrorReason =
  // a name or address as typed (mail/rules.ts)
  | 'required'
  | 'only-local-part'
  | 'plus-sign'
  | 'too-short'
  | 'too-long'
  | 'invalid-characters'
  | 'invalid-edges'
  | 'double-dot'
  | 'dollar-sign'
  | 'reserved'
  | 'taken'
  | 'duplicate'
  // domains
  | 'invalid-domain'
  | 'service-domain'
  | 'domain-unverified'
  | 'domain-taken'
  | 'domain-has-aliases'
  // plan limits and mailbox state
  | 'limit-reached'
  | 'not-included'
  | 'no-mail-plan'
  | 'no-mailbox'
  | 'mailbox-receive-only'
  | 'mailbox-inactive'
  | 'address-fixed'
  | 'not-removable'
  | 'catch-all-setting'
  // sign-up gating (SIGNUP_MODE)
  | 'signup-not-allowed';

/** Values a client's wording of a reason may show, e.g. the limit or the name refused. */
export type ReasonParams = Record<string, string | number>;

export interface HubErrorOptions {
  /** Messages per input field, shown next to the field in forms. */
  fieldErrors?: Record<string, string[]>;
  reason?: HubErrorReason;
  reasonParams?: ReasonParams;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly fieldErrors: Record<string, string[]> | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly reason: HubErrorReason | undefined;
  readonly reasonParams: ReasonParams | undefined;

  constructor(code: HubErrorCode, message: string, options: HubErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
    this.reasonParams = options.reasonParams;
  }
}

export const httpStatusOf: Record<HubErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

export const trpcCodeOf = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<HubErrorCode, string>;

const details = (
  message: string,
  field?: string,
  reason?: HubErrorReason,
  reasonParams?: ReasonParams,
): HubErrorOptions => ({
  ...(field ? { fieldErrors: { [field]: [message] } } : {}),
  ...(reason ? { reason } : {}),
  ...(reasonParams ? { reasonParams } : {}),
});

export const badInput = (
  message: string,
  field?: string,
  reason?: HubErrorReason,
  reasonParams?: ReasonParams,
) => new HubError('BAD_INPUT', message, details(message, field, reason, reasonParams));
export const notFound = (what: string) => new HubError('NOT_FOUND', `${what} was not found.`);
export const conflict = (
  message: string,
  field?: string,
  reason?: HubErrorReason,
  reasonParams?: ReasonParams,
) => new HubError('CONFLICT', message, details(message, field, reason, reasonParams));
export const forbidden = (message = 'You are not allowed to do this.') => new HubError('FORBIDDEN', message);
export const unauthenticated = (message = 'Please sign in.') => new HubError('UNAUTHENTICATED', message);
export const preconditionFailed = (message: string, reason?: HubErrorReason, reasonParams?: ReasonParams) =>
  new HubError('PRECONDITION_FAILED', message, details(message, undefined, reason, reasonParams));
export const tooManyRequests = (retryAfterSeconds: number) =>
  new HubError('TOO_MANY_REQUESTS', `Too many attempts. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
export const unavailable = (message: string, cause?: unknown) =>
  new HubError('UNAVAILABLE', message, { cause });

/** How long a client should wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The HubError a failure stands for: the error itself, or UNAVAILABLE (503, Retry-After) when
 * it only says the database could not be reached (db/unreachable.ts); null for anything else,
 * which is a bug and answered 500. tRPC's error formatter and the Hono routes' error handler
 * both map failures through it.
 */
export function hubErrorOf(error: unknown): HubError | null {
  if (error instanceof HubError) return error;
  if (isDatabaseUnreachable(error)) {
    return new HubError('UNAVAILABLE', 'The service is briefly unavailable. Please try again shortly.', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      cause: error,
    });
  }
  return null;
}

/** Postgres unique violations raised by a race that a prior check could not see. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { code?: string }).code === '23505' ||
      (error as { name?: string }).name === 'UniqueConstraintViolationException')
  );
}
