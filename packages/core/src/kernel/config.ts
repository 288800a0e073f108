/**
 * The hub's settings as the domains see them. Apps build this from their validated environment
 * (apps/api/src/env.ts); tests build it directly. Nothing in packages reads process.env.
 */
export interface EncryptionKey {
  /** Short id stored beside every ciphertext so keys can rotate. */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface HubConfig {
  /** Where people reach the hub, e.g. https://accounts.example.com (no trailing slash). */
  publicUrl: string;
  authScheme: 'fxa' | 'password';
  /** The first key seals new data; the others still open old data. */
  encryptionKeys: EncryptionKey[];
  fxa: {
    clientId: string;
    /** Absent for a public client, which then uses PKCE. */
    clientSecret: string | null;
    discoveryUrl: string;
    timeoutMs: number;
  };
  paddle: {
    environment: 'sandbox' | 'production';
    apiKey: string;
    clientToken: string;
    webhookSecret: string;
    /** Overrides the API base for the stand-in; derived from environment otherwise. */
    apiBaseUrl: string;
    /** Days a past_due or paused subscription keeps its features before deactivation. */
    graceDays: number;
  };
  mail: {
    /** The first domain holds primary addresses; the others get the same local part as alias. */
    domains: string[];
    /** What a lapsed subscription does to the mailbox: keep receiving, or stop entirely. */
    lapsedMailbox: 'receive-only' | 'inactive';
    imap: { host: string; port: number; security: 'tls' | 'starttls' };
    smtp: { host: string; port: number; security: 'tls' | 'starttls' };
    jmapUrl: string;
    /** The records a custom domain publishes so its mail reaches us and passes SPF, DKIM and DMARC. */
    dns: {
      /** MX target, e.g. mx.example.com. */
      mxHost: string;
      /** TXT value at the domain itself. */
      spf: string;
      /** `<selector>._domainkey.<domain>` is a CNAME to dkimTarget, where our public key lives. */
      dkimSelector: string;
      dkimTarget: string;
      /** TXT value at `_dmarc.<domain>`. */
      dmarc: string;
    };
    /** Password of the read-only PostgreSQL role Stalwart signs in with (`stalwart:grant`); CLI only. */
    stalwartDbPassword: string | null;
  };
  sessions: {
    idleSeconds: number;
    absoluteSeconds: number;
  };
  /**
   * Who may come into being as a new person (first Mozilla sign-in, password sign-up, a new person
   * signing in through a client app): everyone, only addresses on the allow-list, or nobody.
   * People who already have an account are never affected.
   */
  signupMode: SignupMode;
  /** The hub's own mail to people (verification, password reset, security notices). */
  outgoingMail: {
    /** smtp:// or smtps:// URL of the submission server; null: the hub sends no mail and queues none. */
    smtpUrl: string | null;
    /** The From header, e.g. `"Example Accounts" <no-reply@example.com>`. */
    from: string;
    /** The hub's name as messages show it (MAIL_FROM's display name). */
    hubName: string;
  };
  webhooks: {
    /** Dev only: let outgoing webhooks reach loopback and private addresses. */
    allowPrivateTargets: boolean;
    timeoutMs: number;
  };
  /** Dev and tests: the stand-ins live on loopback, and cookies cannot be Secure on http. */
  isDevelopment: boolean;
}

/** SIGNUP_MODE's values (browser-safe through kernel/browser.ts). */
export const SIGNUP_MODES = ['open', 'allow-list', 'closed'] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];
