import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseEnv, parseTrpcFastPath } from './env.ts';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/accounts',
  PUBLIC_URL: 'https://accounts.example.com/',
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  FXA_CLIENT_ID: 'abc123',
  FXA_CLIENT_SECRET: 'fxa-secret',
  MAIL_DOMAINS: 'Mail.Example.com, example.org',
  PADDLE_API_KEY: 'placeholder-paddle-api-key',
  PADDLE_CLIENT_TOKEN: 'live_x',
  PADDLE_WEBHOOK_SECRET: 'pdl_ntfset_x',
  METRICS_TOKEN: 'a-metrics-token-of-16+',
  SMTP_URL: 'smtp://hub:secret@smtp.example.com:587',
};

function errorOf(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('environment', () => {
  it('builds the hub configuration with defaults', () => {
    const env = parseEnv(valid);
    expect(env.port).toBe(3000);
    expect(env.hub.publicUrl).toBe('https://accounts.example.com');
    expect(env.hub.authScheme).toBe('fxa');
    expect(env.hub.mail.domains).toEqual(['mail.example.com', 'example.org']);
    expect(env.hub.encryptionKeys).toEqual([{ id: 'k1', key: Buffer.alloc(32, 7) }]);
    expect(env.hub.paddle.apiBaseUrl).toBe('https://sandbox-api.paddle.com');
    expect(env.hub.isDevelopment).toBe(false);
  });

  it('sends the hub’s own mail only with SMTP_URL, from MAIL_FROM, named after its display name', () => {
    const { SMTP_URL: _, ...withoutSmtp } = valid;
    expect(parseEnv({ ...withoutSmtp, NODE_ENV: 'development' }).hub.outgoingMail).toEqual({
      smtpUrl: null,
      from: '"accounts.example.com" <no-reply@mail.example.com>',
      hubName: 'accounts.example.com',
    });
    const configured = parseEnv({
      ...valid,
      SMTP_URL: 'smtps://hub:secret@smtp.example.com:465',
      MAIL_FROM: '"Example Accounts" <hello@example.com>',
    }).hub.outgoingMail;
    expect(configured).toEqual({
      smtpUrl: 'smtps://hub:secret@smtp.example.com:465',
      from: '"Example Accounts" <hello@example.com>',
      hubName: 'Example Accounts',
    });
    expect(parseEnv({ ...valid, MAIL_FROM: 'hello@example.com' }).hub.outgoingMail.from).toBe(
      '"accounts.example.com" <hello@example.com>',
    );
    expect(errorOf({ ...valid, SMTP_URL: 'https://smtp.example.com' })).toMatch(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(errorOf({ ...valid, MAIL_FROM: 'Example <not an address>' })).toMatch(
      /MAIL_FROM: must be an address/,
    );
  });

  it('refuses to start in production without SMTP_URL, saying what it is for', () => {
    const { SMTP_URL: _, ...withoutSmtp } = valid;
    for (const AUTH_SCHEME of ['fxa', 'password']) {
      expect(errorOf({ ...withoutSmtp, AUTH_SCHEME })).toMatch(
        /SMTP_URL: is required in production: the hub sends address confirmations, password reset links and security notices/,
      );
    }
    // NODE_ENV unset is production too; development and test may run without mail.
    for (const NODE_ENV of ['development', 'test']) {
      expect(parseEnv({ ...withoutSmtp, NODE_ENV }).hub.outgoingMail.smtpUrl).toBeNull();
    }
  });

  it('reads SIGNUP_MODE, maps the deprecated ALLOW_SIGNUP onto it with a warning, and defaults to the allow-list', () => {
    expect(parseEnv(valid)).toMatchObject({ hub: { signupMode: 'allow-list' }, deprecations: [] });
    for (const mode of ['open', 'allow-list', 'closed'] as const) {
      expect(parseEnv({ ...valid, SIGNUP_MODE: mode })).toMatchObject({
        hub: { signupMode: mode },
        deprecations: [],
      });
    }
    expect(errorOf({ ...valid, SIGNUP_MODE: 'invite-only' })).toMatch(/SIGNUP_MODE/);
    expect(parseEnv({ ...valid, ALLOW_SIGNUP: 'true' })).toMatchObject({
      hub: { signupMode: 'open' },
      deprecations: ['ALLOW_SIGNUP is deprecated: replace ALLOW_SIGNUP=true with SIGNUP_MODE=open'],
    });
    expect(parseEnv({ ...valid, ALLOW_SIGNUP: 'false' })).toMatchObject({
      hub: { signupMode: 'allow-list' },
      deprecations: ['ALLOW_SIGNUP is deprecated: replace ALLOW_SIGNUP=false with SIGNUP_MODE=allow-list'],
    });
    expect(parseEnv({ ...valid, ALLOW_SIGNUP: 'true', SIGNUP_MODE: 'open' }).deprecations).toEqual([
      'ALLOW_SIGNUP is deprecated and SIGNUP_MODE is set: remove ALLOW_SIGNUP',
    ]);
    expect(errorOf({ ...valid, ALLOW_SIGNUP: 'true', SIGNUP_MODE: 'closed' })).toMatch(
      /ALLOW_SIGNUP: is replaced by SIGNUP_MODE and says otherwise/,
    );
  });

  it('serves /trpc on the fast path unless TRPC_FAST_PATH=false', () => {
    expect(parseEnv(valid).trpcFastPath).toBe(true);
    expect(parseEnv({ ...valid, TRPC_FAST_PATH: 'false' }).trpcFastPath).toBe(false);
    expect(errorOf({ ...valid, TRPC_FAST_PATH: 'off' })).toMatch(/TRPC_FAST_PATH/);
    expect(parseTrpcFastPath({})).toBe(true);
    expect(parseTrpcFastPath({ TRPC_FAST_PATH: '' })).toBe(true);
    expect(parseTrpcFastPath({ TRPC_FAST_PATH: '0' })).toBe(false);
    expect(() => parseTrpcFastPath({ TRPC_FAST_PATH: 'off' })).toThrow(/TRPC_FAST_PATH/);
  });

  it('names every missing variable', () => {
    const message = errorOf({});
    for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'ENCRYPTION_KEY', 'MAIL_DOMAINS']) {
      expect(message).toMatch(new RegExp(`${name}: is required`));
    }
  });

  it('names a bad value and says what is expected', () => {
    expect(errorOf({ ...valid, PORT: 'eighty' })).toMatch(/PORT: /);
    expect(errorOf({ ...valid, ENCRYPTION_KEY: 'short' })).toMatch(/ENCRYPTION_KEY: must be 32 random bytes/);
    expect(errorOf({ ...valid, AUTH_SCHEME: 'ldap' })).toMatch(/AUTH_SCHEME: /);
    expect(errorOf({ ...valid, MAIL_DOMAINS: 'not a domain' })).toMatch(
      /MAIL_DOMAINS.0: must be a domain name/,
    );
    expect(errorOf({ ...valid, DATABASE_URL: 'mysql://x' })).toMatch(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('requires a Mozilla Accounts client id only for AUTH_SCHEME=fxa', () => {
    const { FXA_CLIENT_ID: _, ...withoutClient } = valid;
    expect(errorOf(withoutClient)).toMatch(/FXA_CLIENT_ID: is required when AUTH_SCHEME=fxa/);
    expect(parseEnv({ ...withoutClient, AUTH_SCHEME: 'password' }).hub.authScheme).toBe('password');
  });

  it('accepts several encryption keys for rotation, the first one current', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    const env = parseEnv({ ...valid, ENCRYPTION_KEY: `new:${a},old:${b}` });
    expect(env.hub.encryptionKeys.map((key) => key.id)).toEqual(['new', 'old']);
  });

  it('refuses a PUBLIC_URL without https in production, except on loopback', () => {
    for (const publicUrl of [
      'http://accounts.example.com',
      'http://10.0.0.5:3000',
      'http://localhost.evil.example',
    ]) {
      expect(errorOf({ ...valid, PUBLIC_URL: publicUrl })).toMatch(/PUBLIC_URL: must be https in production/);
    }
    for (const publicUrl of ['http://localhost:3000', 'http://127.0.0.1:8080/', 'http://[::1]:3000']) {
      expect(parseEnv({ ...valid, PUBLIC_URL: publicUrl }).hub.publicUrl).toBe(publicUrl.replace(/\/$/, ''));
    }
    for (const NODE_ENV of ['development', 'test']) {
      expect(parseEnv({ ...valid, NODE_ENV, PUBLIC_URL: 'http://dev.example.test' }).nodeEnv).toBe(NODE_ENV);
    }
  });

  it('requires the Paddle secrets in production, naming each one', () => {
    const {
      PADDLE_API_KEY: _a,
      PADDLE_CLIENT_TOKEN: _b,
      PADDLE_WEBHOOK_SECRET: _c,
      ...withoutPaddle
    } = valid;
    const message = errorOf(withoutPaddle);
    for (const name of ['PADDLE_API_KEY', 'PADDLE_CLIENT_TOKEN', 'PADDLE_WEBHOOK_SECRET']) {
      expect(message).toMatch(new RegExp(`${name}: is required in production`));
      expect(errorOf({ ...valid, [name]: '' })).toMatch(new RegExp(`${name}: is required in production`));
    }
    const dev = parseEnv({ ...withoutPaddle, NODE_ENV: 'development' });
    expect(dev.hub.paddle).toMatchObject({ apiKey: '', clientToken: '', webhookSecret: '' });
  });

  it('requires the Mozilla Accounts secret unless a public client is chosen explicitly', () => {
    const { FXA_CLIENT_SECRET: _, ...withoutSecret } = valid;
    for (const NODE_ENV of ['production', 'development']) {
      expect(errorOf({ ...withoutSecret, NODE_ENV })).toMatch(
        /FXA_CLIENT_SECRET: is required when AUTH_SCHEME=fxa \(or set FXA_PUBLIC_CLIENT=true\)/,
      );
    }
    expect(parseEnv(valid).hub.fxa.clientSecret).toBe('fxa-secret');
    expect(parseEnv({ ...withoutSecret, FXA_PUBLIC_CLIENT: 'true' }).hub.fxa.clientSecret).toBeNull();
    expect(errorOf({ ...valid, FXA_PUBLIC_CLIENT: 'true' })).toMatch(
      /FXA_CLIENT_SECRET: must not be set when FXA_PUBLIC_CLIENT=true/,
    );
    // Passwords need nothing from Mozilla.
    const { FXA_CLIENT_ID: _id, ...noMozilla } = withoutSecret;
    expect(parseEnv({ ...noMozilla, AUTH_SCHEME: 'password' }).hub.authScheme).toBe('password');
  });

  it('refuses, in production, a /metrics anyone can read: a token, or a loopback listener of its own', () => {
    const { METRICS_TOKEN: _, ...noToken } = valid;
    expect(errorOf(noToken)).toMatch(
      /METRICS_TOKEN: is required in production, unless METRICS_PORT serves \/metrics on a loopback METRICS_HOST/,
    );
    expect(parseEnv({ ...noToken, METRICS_PORT: '9465' }).metricsListener).toEqual({
      port: 9465,
      host: '127.0.0.1',
    });
    for (const host of ['::1', 'localhost', '127.0.0.2']) {
      expect(parseEnv({ ...noToken, METRICS_PORT: '9465', METRICS_HOST: host }).metricsListener?.host).toBe(
        host,
      );
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'metrics.internal']) {
      expect(errorOf({ ...noToken, METRICS_PORT: '9465', METRICS_HOST: host })).toMatch(
        /METRICS_HOST: must be a loopback address/,
      );
    }
    // The worker's listener under the same rule.
    expect(
      errorOf({
        ...noToken,
        METRICS_PORT: '9465',
        WORKER_METRICS_PORT: '9464',
        WORKER_METRICS_HOST: '0.0.0.0',
      }),
    ).toMatch(/WORKER_METRICS_HOST: must be a loopback address/);
    // With the token, anywhere; without METRICS_PORT, on the API's own port.
    expect(parseEnv({ ...valid, METRICS_PORT: '9465', METRICS_HOST: '0.0.0.0' }).metricsListener).toEqual({
      port: 9465,
      host: '0.0.0.0',
    });
    expect(parseEnv(valid).metricsListener).toBeNull();
    expect(errorOf({ ...valid, METRICS_PORT: '3000' })).toMatch(/METRICS_PORT: must differ from PORT/);
    // Development keeps it open.
    expect(parseEnv({ ...noToken, NODE_ENV: 'development' }).metricsToken).toBeNull();
  });

  it('refuses private webhook targets in production', () => {
    expect(errorOf({ ...valid, WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true' })).toMatch(
      /WEBHOOKS_ALLOW_PRIVATE_TARGETS: must not be true in production/,
    );
  });

  it('refuses, in production, the key .env.example once published, even behind a new one', () => {
    const published = 'yylRwSxpK4e0sTEAFKaOa+5aee9idW3lM2/TM+yEmCE=';
    const own = randomBytes(32).toString('base64');
    for (const value of [published, `dev:${published}`, `new:${own},dev:${published}`]) {
      expect(errorOf({ ...valid, ENCRYPTION_KEY: value })).toMatch(/ENCRYPTION_KEY: is a key published/);
    }
    expect(parseEnv({ ...valid, ENCRYPTION_KEY: `new:${own}` }).hub.encryptionKeys).toHaveLength(1);
    expect(
      parseEnv({ ...valid, NODE_ENV: 'development', ENCRYPTION_KEY: published }).hub.encryptionKeys,
    ).toHaveLength(1);
  });
});
