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
