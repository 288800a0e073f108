/**
 * Whether a failure means only that PostgreSQL could not be reached — nothing listens, the
 * connection was cut or timed out, the server is shutting down or starting up, or has no
 * connection slot left — as opposed to a statement that failed. Such a request is worth
 * retrying as it was, so it is answered 503 with Retry-After (errors.ts `hubErrorOf`), not 500.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  return reachesUnreachable(error, 0);
}

/**
 * Socket errors of a connection (Node's `code`), the lookup of the server's name included; they
 * count only from the socket's own calls, so a custom domain's DNS check (`queryTxt`) is not one.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const SOCKET_SYSCALLS = new Set(['connect', 'read', 'write', 'getaddrinfo']);

/**
 * PostgreSQL's SQLSTATEs for "not now": connection exceptions (class 08, but not 08P01, a protocol
 * violation our own statement can cause), admin or crash shutdown, cannot connect now (57P01–03),
 * too many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** What `pg` says when a connection ends under it or cannot be had in time (no code). */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/**
 * The error itself must say so: MikroORM's wrappers copy the driver error's own properties (its
 * `code` included), and an error's `cause` is not followed, because a request that failed on
 * another service (a `fetch` to Paddle: "fetch failed", caused by ECONNREFUSED) is no database
 * outage.
 */
function reachesUnreachable(error: unknown, depth: number): boolean {
  if (depth > 2 || typeof error !== 'object' || error === null) return false;
  const { code, syscall, message, errors } = error as Record<string, unknown>;
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (NETWORK_CODES.has(code) && typeof syscall === 'string' && SOCKET_SYSCALLS.has(syscall)) return true;
  }
  if (typeof message === 'string' && DRIVER_MESSAGES.some((known) => message.startsWith(known))) return true;
  // Node tries every address of a name (localhost: ::1 and 127.0.0.1) and reports them together.
  return (
    Array.isArray(errors) && errors.length > 0 && errors.every((one) => reachesUnreachable(one, depth + 1))
  );
}
