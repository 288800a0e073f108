import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseEnv } from './env.ts';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/accounts',
  PUBLIC_URL: 'https://accounts.example.com/',
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  FXA_CLIENT_ID: 'abc123',
  FXA_CLIENT_SECRET: 'fxa-secret',
  PADDLE_API_KEY: 'placeholder-paddle-api-key',
  PADDLE_CLIENT_TOKEN: 'live_x',
  PADDLE_WEBHOOK_SECRET: 'pdl_ntfset_x',
  MAIL_DOMAINS: 'Mail.Example.com, example.org',
  METRICS_TOKEN: 'a-metrics-token-of-16+',
  SMTP_URL: 'smtp://hub:secret@smtp.example.com:587',
};

describe('mail settings', () => {
  it('derives the records custom domains publish from the first mail domain', () => {
    const { mail } = parseEnv(valid).hub;
    expect(mail.dns).toEqual({
      mxHost: 'mx.mail.example.com',
      spf: 'v=spf1 mx -all',
      dkimSelector: 'hub',
      dkimTarget: 'hub._domainkey.mail.example.com',
      dmarc: 'v=DMARC1; p=quarantine',
    });
    expect(mail.stalwartDbPassword).toBeNull();
  });

  it('takes its own records and the Stalwart role password', () => {
    const { mail } = parseEnv({
      ...valid,
      MAIL_MX_HOST: 'MX1.Example.net',
      MAIL_SPF: 'v=spf1 include:_spf.example.net -all',
      MAIL_DKIM_SELECTOR: 's2026',
      MAIL_DKIM_TARGET: 's2026._domainkey.example.net',
      MAIL_DMARC: 'v=DMARC1; p=reject',
      STALWART_DB_PASSWORD: 'a-long-enough-password',
    }).hub;
    expect(mail.dns).toEqual({
      mxHost: 'mx1.example.net',
      spf: 'v=spf1 include:_spf.example.net -all',
      dkimSelector: 's2026',
      dkimTarget: 's2026._domainkey.example.net',
      dmarc: 'v=DMARC1; p=reject',
    });
    expect(mail.stalwartDbPassword).toBe('a-long-enough-password');
  });

  it('names bad mail settings', () => {
    const message = (() => {
      try {
        parseEnv({ ...valid, MAIL_SPF: 'include:x', MAIL_DMARC: 'p=none', STALWART_DB_PASSWORD: 'short' });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/MAIL_SPF: must be an SPF record/);
    expect(message).toMatch(/MAIL_DMARC: must be a DMARC record/);
    expect(message).toMatch(/STALWART_DB_PASSWORD: must be at least 16 characters/);
  });
});
