import { randomBytes } from 'node:crypto';

/**
 * The environment the bench's API runs with: production, as `pnpm start` is deployed, with every
 * outside service (Paddle's API, Mozilla's discovery, SMTP) at a closed port on this machine, so
 * nothing can leave it. The bench and the CPU probe start the API with exactly this.
 */
export function benchApiEnv(databaseUrl: string, apiPort: number): Record<string, string> {
  const hubUrl = `http://127.0.0.1:${apiPort}`;
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: hubUrl,
    AUTH_SCHEME: 'password',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MAIL_DOMAINS: 'mail.test,alt.test',
    // Production requires Paddle's settings; the bench's Paddle API is a closed port.
    PADDLE_API_KEY: 'pdl_bench_key',
    PADDLE_CLIENT_TOKEN: 'test_bench_client_token',
    PADDLE_WEBHOOK_SECRET: `pdl_ntfset_${randomBytes(16).toString('hex')}`,
    // Nothing may leave the machine: Paddle's API and Mozilla's discovery point at a closed port.
    PADDLE_API_URL: 'http://127.0.0.1:9',
    FXA_DISCOVERY_URL: 'http://127.0.0.1:9/.well-known/openid-configuration',
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_MS: '0',
    // Production requires somewhere to send mail; nothing here sends any, and it would go to a closed port.
    SMTP_URL: 'smtp://127.0.0.1:9',
    // Production refuses an open /metrics; the bench reads it with the token.
    METRICS_TOKEN: randomBytes(16).toString('hex'),
  };
}
