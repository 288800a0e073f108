/**
 * Headers every response carries. They never change per request, so they are computed once
 * and set on the Node response directly (http/node-server.ts): building them per request in a
 * Hono middleware cost more than half of the throughput of a trivial route.
 */
export function securityHeaders(options: { https: boolean }): [string, string][] {
  const csp = [
    "default-src 'self'",
    "script-src 'self' https://cdn.paddle.com",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "connect-src 'self' https://*.paddle.com",
    'frame-src https://*.paddle.com',
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  return [
    ['content-security-policy', csp],
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(self "https://*.paddle.com")'],
    ...(options.https
      ? ([['strict-transport-security', 'max-age=63072000; includeSubDomains']] as [string, string][])
      : []),
  ];
}
