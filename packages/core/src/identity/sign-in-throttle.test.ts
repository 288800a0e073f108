import { describe, expect, it } from 'vitest';
import { manualClock } from '../clients/test-support.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { SIGN_IN_REFUSED } from './passwords.ts';
import {
  ACCOUNT_ADDRESS_POLICY,
  ADDRESS_POLICY,
  addressBucket,
  deviceCookieName,
  UNDER_ATTACK_FAILURES,
} from './sign-in-throttle.ts';
import { callerFor, createTestUser, sessionCookieFor } from './test-support.ts';

const PASSWORD = 'correct horse battery';

describe('password sign-in throttling', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));

  /** A hub on a clock the test drives, and sign-in through it as a browser at `ip` would. */
  function setup() {
    const clock = manualClock();
    const clocked = { ...hub(), clock };
    const signIn = async (
      identifier: string,
      password: string,
      ip: string,
      cookies: Record<string, string> = {},
    ): Promise<string> => {
      const { caller } = callerFor(clocked, { ip, cookies });
      try {
        await caller.auth.signInWithPassword({ identifier, password });
        return 'OK';
      } catch (error) {
        const { code, message } = error as { code: string; message: string };
        return message === SIGN_IN_REFUSED ? 'REFUSED' : `${code}: ${message}`;
      }
    };
    /** The device cookie a browser holds after signing in there. */
    const deviceCookieAfterSignIn = async (identifier: string, ip: string) => {
      const { caller, cookies } = callerFor(clocked, { ip });
      await caller.auth.signInWithPassword({ identifier, password: PASSWORD });
      const name = deviceCookieName(hub().config);
      return { [name]: cookies.get(name)! };
    };
    return { clock, signIn, deviceCookieAfterSignIn };
  }

  const person = () => createTestUser(hub().orm.em.fork(), { password: PASSWORD });
  const wrong = 'not the password';
  const waitFor = (seconds: number) => `TOO_MANY_REQUESTS: Too many attempts. Try again in ${seconds} s.`;

  it('never locks a person out: failures for their email from elsewhere leave the right password working', async () => {
    const { signIn } = setup();
    const user = await person();
    // Far more failures than the old per-account limit (5), from many addresses.
    for (let attempt = 0; attempt < 25; attempt += 1) {
      expect(await signIn(user.email, wrong, `203.0.113.${attempt + 1}`)).toBe('REFUSED');
    }
    expect(await signIn(user.email, PASSWORD, '198.51.100.20')).toBe('OK');
  }, 60_000);

  it('slows an address that keeps failing for an account, with growing delays, and forgets after a success', async () => {
    const { clock, signIn } = setup();
    const user = await person();
    const ip = '198.51.100.30';
    for (let attempt = 0; attempt < ACCOUNT_ADDRESS_POLICY.free; attempt += 1) {
      expect(await signIn(user.username, wrong, ip)).toBe('REFUSED');
    }
    expect(await signIn(user.username, wrong, ip)).toBe(waitFor(30));
    expect(await signIn(user.username, PASSWORD, ip)).toBe(waitFor(30)); // this address must wait too
    expect(await signIn(user.username, PASSWORD, '198.51.100.31')).toBe('OK'); // another one need not
    clock.advance(30_000);
    expect(await signIn(user.username, wrong, ip)).toBe('REFUSED');
    expect(await signIn(user.username, wrong, ip)).toBe(waitFor(60));
    clock.advance(59_000);
    expect(await signIn(user.username, PASSWORD, ip)).toBe(waitFor(1));
    clock.advance(1_000);
    expect(await signIn(user.username, PASSWORD, ip)).toBe('OK');
    // The success cleared this address's count for the account.
    expect(await signIn(user.username, wrong, ip)).toBe('REFUSED');
    expect(await signIn(user.username, PASSWORD, ip)).toBe('OK');
    // The delay grows to at most 15 minutes.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await signIn(user.username, wrong, ip);
      clock.advance(ACCOUNT_ADDRESS_POLICY.maxSeconds * 1000);
    }
    expect(await signIn(user.username, wrong, ip)).toBe('REFUSED');
    expect(await signIn(user.username, wrong, ip)).toBe(waitFor(ACCOUNT_ADDRESS_POLICY.maxSeconds));
  }, 60_000);

  it('lets a known device in with the right password where others are failing, and throttles that device on its own', async () => {
    const { clock, signIn, deviceCookieAfterSignIn } = setup();
    const user = await person();
    const office = '198.51.100.40';
    const device = await deviceCookieAfterSignIn(user.email, office);
    // Someone behind the same address fails until it is slowed, for this account and for all.
    for (let attempt = 0; attempt < ACCOUNT_ADDRESS_POLICY.free; attempt += 1) {
      expect(await signIn(user.email, wrong, office)).toBe('REFUSED');
    }
    for (let attempt = ACCOUNT_ADDRESS_POLICY.free; attempt < ADDRESS_POLICY.free; attempt += 1) {
      expect(await signIn(`ghost${attempt}@example.test`, wrong, office)).toBe('REFUSED');
    }
    expect(await signIn(user.email, PASSWORD, office)).toBe(waitFor(30));
    expect(await signIn('another.ghost@example.test', wrong, office)).toBe(waitFor(1));
    // The person's own browser gets in.
    expect(await signIn(user.email, PASSWORD, office, device)).toBe('OK');
    // So does a browser with a live session of theirs (known before device cookies existed).
    const session = await sessionCookieFor(hub(), user);
    expect(await signIn(user.email, PASSWORD, office, session.cookies)).toBe('OK');
    // The cookie helps only with the accounts it was set for, and only untampered.
    const other = await person();
    expect(await signIn(other.email, PASSWORD, office, device)).toBe(waitFor(1));
    const [name, value] = Object.entries(device)[0]!;
    expect(await signIn(user.email, PASSWORD, office, { [name]: `${value.slice(0, -4)}AAAA` })).toBe(
      waitFor(30),
    );
    // Nor is it a way around the throttle: it has its own count.
    for (let attempt = 0; attempt < ACCOUNT_ADDRESS_POLICY.free; attempt += 1) {
      expect(await signIn(user.email, wrong, '192.0.2.99', device)).toBe('REFUSED');
    }
    expect(await signIn(user.email, PASSWORD, '192.0.2.99', device)).toBe(waitFor(30));
    clock.advance(30_000);
    expect(await signIn(user.email, PASSWORD, '192.0.2.99', device)).toBe('OK');
  }, 60_000);

  it('gives each address a single free failure once an account is under attack from many', async () => {
    const { clock, signIn } = setup();
    const user = await person();
    for (let attempt = 0; attempt < UNDER_ATTACK_FAILURES; attempt += 1) {
      expect(await signIn(user.email, wrong, `203.0.114.${attempt + 1}`)).toBe('REFUSED');
    }
    expect(await signIn(user.email, wrong, '203.0.114.200')).toBe('REFUSED');
    expect(await signIn(user.email, wrong, '203.0.114.200')).toBe(waitFor(30));
    clock.advance(30_000);
    expect(await signIn(user.email, wrong, '203.0.114.200')).toBe('REFUSED');
    // A clean address still gets its attempt: the person is not locked out.
    expect(await signIn(user.email, PASSWORD, '203.0.114.201')).toBe('OK');
  }, 60_000);

  it('checks at most the free attempts of a parallel burst from one address', async () => {
    const { signIn } = setup();
    const user = await person();
    const ip = '198.51.100.50';
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        signIn(index % 2 === 0 ? user.email : user.username, `wrong guess number ${index}`, ip),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'REFUSED')).toHaveLength(ACCOUNT_ADDRESS_POLICY.free);
    expect(outcomes.filter((outcome) => outcome === waitFor(30))).toHaveLength(
      20 - ACCOUNT_ADDRESS_POLICY.free,
    );
  }, 60_000);

  it('keeps one count per account and address whether the person types the email or the username', async () => {
    const { signIn } = setup();
    const user = await person();
    const ip = '198.51.100.60';
    for (let attempt = 0; attempt < ACCOUNT_ADDRESS_POLICY.free; attempt += 1) {
      await signIn(attempt % 2 === 0 ? user.email.toUpperCase() : ` ${user.username} `, wrong, ip);
    }
    expect(await signIn(user.email, PASSWORD, ip)).toBe(waitFor(30));
    expect(await signIn(user.username, PASSWORD, ip)).toBe(waitFor(30));
  });

  it('answers an unknown identifier exactly like a known account, under attack too', async () => {
    const { clock, signIn } = setup();
    const user = await person();
    const outcomes = async (identifier: string, subnet: number) => {
      const seen: string[] = [];
      for (let attempt = 0; attempt < UNDER_ATTACK_FAILURES; attempt += 1) {
        seen.push(await signIn(identifier, wrong, `198.18.${subnet}.${attempt + 1}`));
      }
      for (let attempt = 0; attempt < 8; attempt += 1) {
        seen.push(await signIn(identifier, wrong, `198.19.${subnet}.1`));
        clock.advance(10_000);
      }
      return seen;
    };
    const known = await outcomes(user.email, 1);
    const unknown = await outcomes('nobody.at.all@example.test', 2);
    expect(unknown).toEqual(known);
    expect(known).toContain(waitFor(20));
  }, 60_000);

  it('slows an address that tries many accounts', async () => {
    const { clock, signIn } = setup();
    const ip = '203.0.113.200';
    for (let attempt = 0; attempt < ADDRESS_POLICY.free; attempt += 1) {
      expect(await signIn(`ghost${attempt}@example.test`, wrong, ip)).toBe('REFUSED');
    }
    expect(await signIn('another@example.test', wrong, ip)).toBe(waitFor(1));
    clock.advance(1_000);
    expect(await signIn('another@example.test', wrong, ip)).toBe('REFUSED');
    expect(await signIn('yet.another@example.test', wrong, ip)).toBe(waitFor(2));
  }, 60_000);

  it('does not count successful sign-ins against the address', async () => {
    const { signIn } = setup();
    const user = await person();
    for (let attempt = 0; attempt <= ADDRESS_POLICY.free; attempt += 1) {
      expect(await signIn(user.email, PASSWORD, '198.51.100.70')).toBe('OK');
    }
  }, 60_000);

  it('counts an IPv6 subscriber’s /64 as one address, and IPv4-mapped addresses as IPv4', () => {
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
    expect(addressBucket('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:0db8:0001:0002::/64');
    expect(addressBucket('[2001:db8::1%eth0]')).toBe('2001:0db8:0000:0000::/64');
    expect(addressBucket('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket(null)).toBe('unknown');
    expect(addressBucket('not an address')).toBe('unknown');
  });
});
