import { isIPv4, isIPv6 } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { HubConfig } from '../kernel/config.ts';
import type { BaseContext } from '../kernel/context.ts';
import { openCookieValue, sealCookieValue } from '../kernel/crypto/sealed-cookie.ts';
import { randomToken, sha256 } from '../kernel/crypto/tokens.ts';
import {
  admitAttempt,
  clearBucket,
  type DelayBucket,
  type DelayPolicy,
  uncountAttempt,
} from './rate-limit.ts';
import { resolveSession } from './sessions.ts';

/**
 * Password sign-in throttling, after OWASP's advice against lockout: wrong passwords slow down the
 * address that sends them, never lock the account itself, so no one can keep a person out by
 * typing their email with wrong passwords.
 *
 * - **Per address** (every account): 30 free failures, then 1 s, 2 s, 4 s … at most 5 minutes
 *   between attempts. Slows spraying one password over many accounts.
 * - **Per account and address**: 5 free failures, then 30 s, 1 min, 2 min … at most 15 minutes.
 *   Slows guessing one person's password from one place; another address is not affected.
 * - **Per account** (every address) nothing is refused, but once 20 failures arrived within a day
 *   the account counts as under attack: each address then gets one free failure for it, not five,
 *   so a botnet gets one guess per address. A clean address still gets its first attempt.
 * - **Known devices** skip all three: a browser that signed in to the account before (a sealed
 *   device cookie set at every successful sign-in) or that holds a live session of it is throttled
 *   only by its own bucket (5 free failures, then as per account and address). So the person gets
 *   in with the right password even from an address an attacker is failing from.
 *
 * A success clears its account-and-address (or device) bucket and takes itself back from the
 * address and account counts. Buckets are forgotten after a day without attempts. An unknown
 * account is throttled exactly like a known one (its bucket is named by what was typed), with the
 * same answers and the same database work, so the throttle never tells the two apart. Behind a
 * proxy (TRUST_PROXY) the address is the client's, as the API derives it; IPv6 addresses count per
 * /64, the block one subscriber usually holds.
 */
const DAY = 24 * 3600;
export const ADDRESS_POLICY: DelayPolicy = { free: 30, baseSeconds: 1, maxSeconds: 300, forgetSeconds: DAY };
export const ACCOUNT_ADDRESS_POLICY: DelayPolicy = {
  free: 5,
  baseSeconds: 30,
  maxSeconds: 900,
  forgetSeconds: DAY,
};
export const DEVICE_POLICY: DelayPolicy = ACCOUNT_ADDRESS_POLICY;
/** Counts only: the per-account bucket never refuses by itself. */
const ACCOUNT_POLICY: DelayPolicy = {
  free: Number.MAX_SAFE_INTEGER,
  baseSeconds: 0,
  maxSeconds: 0,
  forgetSeconds: DAY,
};
/** Failures from anywhere after which each address gets one free failure for the account. */
export const UNDER_ATTACK_FAILURES = 20;

/** The bucket name of an address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function addressBucket(ip: string | null): string {
  if (!ip) return 'unknown';
  const address = ip
    .replace(/^\[|\]$/g, '')
    .split('%')[0]!
    .toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const full = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => group.padStart(4, '0'))
    .join(':')}::/64`;
}

/** What the throttle knows of the browser: its device id and the accounts it is known to. */
export interface KnownDevice {
  /** From the device cookie; null without one. */
  id: string | null;
  /** Accounts this browser signed in to before (device cookie) or holds a live session of. */
  userIds: string[];
  /** The live session's id, when the browser has one (it stands in for a missing device id). */
  sessionId: string | null;
}

export interface SignInAttempt {
  /** The person, when the identifier names one. */
  userId: string | null;
  /** The normalised identifier typed. */
  identifier: string;
  ip: string | null;
  device: KnownDevice | undefined;
}

function bucketsOf(attempt: SignInAttempt): { buckets: DelayBucket[]; trusted: boolean } {
  const account = attempt.userId
    ? `user:${attempt.userId}`
    : `name:${sha256(attempt.identifier).toString('base64url')}`;
  const device = attempt.device;
  const deviceId = device?.id ?? (device?.sessionId ? `session:${device.sessionId}` : null);
  if (attempt.userId && deviceId && device?.userIds.includes(attempt.userId)) {
    return {
      buckets: [{ key: `sign-in:device:${deviceId}:${account}`, policy: DEVICE_POLICY }],
      trusted: true,
    };
  }
  const address = addressBucket(attempt.ip);
  return {
    buckets: [
      { key: `sign-in:address:${address}`, policy: ADDRESS_POLICY },
      { key: `sign-in:account:${account}:address:${address}`, policy: ACCOUNT_ADDRESS_POLICY },
      { key: `sign-in:account:${account}`, policy: ACCOUNT_POLICY },
    ],
    trusted: false,
  };
}

/**
 * Counts a sign-in attempt before the password is checked, or answers the seconds to wait. Returns
 * what to call once the password was found right.
 */
export async function throttleSignIn(
  em: EntityManager,
  attempt: SignInAttempt,
  now: Date,
): Promise<{ wait: number; succeeded: () => Promise<void> }> {
  const { buckets, trusted } = bucketsOf(attempt);
  const [address, accountAddress, account] = buckets.map((bucket) => bucket.key);
  const wait = await admitAttempt(em, buckets, now, (bucket, counts) =>
    bucket.key === accountAddress && (counts.get(account!) ?? 0) >= UNDER_ATTACK_FAILURES
      ? { ...bucket.policy, free: 1 }
      : bucket.policy,
  );
  return {
    wait,
    succeeded: async () => {
      // The person proved themselves from here: their bucket starts again; the shared counts only
      // take this attempt back.
      await clearBucket(em, trusted ? buckets[0]!.key : accountAddress!);
      if (!trusted) await uncountAttempt(em, [address!, account!]);
    },
  };
}

// The device cookie: sealed (the browser cannot read or forge it), HttpOnly, a year long, renewed
// at every successful sign-in. It proves nothing by itself: the password is checked as always.
const DEVICE_CONTEXT = 'sign-in-device';
export const DEVICE_COOKIE_SECONDS = 365 * DAY;
const DEVICE_ACCOUNTS_MAX = 5;
const deviceSchema = z.object({
  id: z.string().max(64),
  userIds: z.array(z.uuid()).max(DEVICE_ACCOUNTS_MAX),
  at: z.number(),
});

export function deviceCookieName(config: HubConfig): string {
  return config.publicUrl.startsWith('https://') ? '__Host-accounts_device' : 'accounts_device';
}

function readDeviceCookie(ctx: Pick<BaseContext, 'config' | 'req'>, now: Date) {
  return openCookieValue(
    ctx.config.encryptionKeys,
    DEVICE_CONTEXT,
    ctx.req.cookie(deviceCookieName(ctx.config)),
    {
      schema: deviceSchema,
      maxLength: 2048,
      issuedAt: (device) => device.at,
      maxAgeMs: DEVICE_COOKIE_SECONDS * 1000,
      now: now.getTime(),
    },
  );
}

/** The browser as the throttle sees it: its device cookie and its live session, if any. */
export async function knownDevice(ctx: BaseContext, now: Date): Promise<KnownDevice> {
  const cookie = readDeviceCookie(ctx, now);
  const session = await resolveSession(ctx);
  const userIds = [...(cookie?.userIds ?? [])];
  if (session && !userIds.includes(session.user.id)) userIds.push(session.user.id);
  return { id: cookie?.id ?? null, userIds, sessionId: session?.session.id ?? null };
}

/** After a successful sign-in: this browser is now known to the person (most recent first). */
export function rememberDevice(
  ctx: Pick<BaseContext, 'config' | 'req' | 'res'>,
  userId: string,
  now: Date,
): void {
  const cookie = readDeviceCookie(ctx, now);
  const value = {
    id: cookie?.id ?? randomToken(18),
    userIds: [userId, ...(cookie?.userIds ?? []).filter((id) => id !== userId)].slice(0, DEVICE_ACCOUNTS_MAX),
    at: now.getTime(),
  };
  ctx.res.setCookie(
    deviceCookieName(ctx.config),
    sealCookieValue(ctx.config.encryptionKeys, DEVICE_CONTEXT, value),
    { httpOnly: true, sameSite: 'Lax', path: '/', maxAgeSeconds: DEVICE_COOKIE_SECONDS },
  );
}
