import { currentRequestId } from '@accounts/core/kernel';
import pino from 'pino';

/**
 * Structured JSON logs. Redaction is the last line of defence: code never logs secrets on
 * purpose, and these paths catch the ones that could slip in through objects.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'accounts-hub' },
    // Inside a request, or a job working on what a request stored, every line names the request.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'secret',
        '*.secret',
        'authorization',
        '*.authorization',
        'cookie',
        '*.cookie',
        'headers.cookie',
        'headers.authorization',
        'accessToken',
        'refreshToken',
        '*.accessToken',
        '*.refreshToken',
      ],
      censor: '[redacted]',
    },
  });
}
