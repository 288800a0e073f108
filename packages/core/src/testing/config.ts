import { randomBytes } from 'node:crypto';
import type { HubConfig } from '../kernel/config.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A complete configuration for tests; override what a test is about. */
export function testConfig(overrides: DeepPartial<HubConfig> = {}): HubConfig {
  const base: HubConfig = {
    publicUrl: 'http://localhost:3000',
    authScheme: 'password',
    encryptionKeys: [{ id: 'k1', key: randomBytes(32) }],
    fxa: {
      clientId: 'test-client',
      clientSecret: 'test-secret',
      discoveryUrl: 'http://127.0.0.1:9/.well-known/openid-configuration',
      timeoutMs: 2000,
    },
    paddle: {
      environment: 'sandbox',
      apiKey: 'pdl_test_key',
      clientToken: 'test_client_token',
      webhookSecret: `pdl_ntfset_${randomBytes(12).toString('hex')}`,
      apiBaseUrl: 'http://127.0.0.1:9',
      graceDays: 7,
    },
    mail: {
      domains: ['mail.test', 'alt.test'],
      lapsedMailbox: 'receive-only',
      imap: { host: 'imap.mail.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.mail.test', port: 465, security: 'tls' },
      jmapUrl: 'https://jmap.mail.test/.well-known/jmap',
      dns: {
        mxHost: 'mx.mail.test',
        spf: 'v=spf1 mx -all',
        dkimSelector: 'hub',
        dkimTarget: 'hub._domainkey.mail.test',
        dmarc: 'v=DMARC1; p=quarantine',
      },
      stalwartDbPassword: null,
    },
    sessions: { idleSeconds: 14 * 86400, absoluteSeconds: 30 * 86400 },
    // Most tests create people through Mozilla sign-in; the gating tests set their own mode.
    signupMode: 'open',
    // Nothing listens on the discard port: messages queue, and a test that sends them points this
    // at its own SMTP stand-in (@accounts/devkit/smtp-stand-in).
    outgoingMail: {
      smtpUrl: 'smtp://127.0.0.1:9',
      from: '"Test Hub" <no-reply@mail.test>',
      hubName: 'Test Hub',
    },
    webhooks: { allowPrivateTargets: true, timeoutMs: 2000 },
    isDevelopment: true,
  };
  return merge(base, overrides);
}

function merge<T>(base: T, overrides: DeepPartial<T>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? merge(current, value as DeepPartial<typeof current>)
        : value;
  }
  return out as T;
}
