// The cookie that carries a refused Mozilla sign-up's address to /sign-up/not-allowed (decision
// 0075): what it looks like on the wire, that it is taken once, and that nothing but the hub's own
// sealed value from the last minute makes the page show an address.

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BaseContext, CookieOptions } from '../../kernel/context.ts';
import { seal } from '../../kernel/crypto/sealed-box.ts';
import { testConfig } from '../../testing/config.ts';
import { REFUSED_SIGN_UP_SECONDS, rememberRefusedSignUp, takeRefusedSignUp } from './refused-sign-up.ts';

interface SetCookie {
  name: string;
  value: string;
  options: CookieOptions;
}

/** A browser of one cookie jar, and what the last request's answer set. */
function browser(publicUrl = 'http://localhost:3000') {
  const config = testConfig({ publicUrl });
  const jar = new Map<string, string>();
  const set: SetCookie[] = [];
  const ctx = {
    config,
    req: { cookie: (name: string) => jar.get(name) },
    res: {
      setCookie: (name: string, value: string, options: CookieOptions = {}) => {
        set.push({ name, value, options });
        if (options.maxAgeSeconds === 0) jar.delete(name);
        else jar.set(name, value);
      },
      deleteCookie: (name: string, options: Pick<CookieOptions, 'path'> = {}) => {
        set.push({ name, value: '', options: { ...options, maxAgeSeconds: 0 } });
        jar.delete(name);
      },
    },
  } as unknown as Pick<BaseContext, 'config' | 'req' | 'res'>;
  return { ctx, jar, set, config };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the refused sign-up cookie', () => {
  it('is sealed, HttpOnly, Lax, only for /trpc, a minute long, and holds no readable address', () => {
    const { ctx, set } = browser();
    rememberRefusedSignUp(ctx, 'Stranger@Example.test');
    expect(set).toHaveLength(1);
    const [cookie] = set;
    expect(cookie!.name).toBe('accounts_refused_sign_up');
    expect(cookie!.options).toEqual({ httpOnly: true, sameSite: 'Lax', path: '/trpc', maxAgeSeconds: 60 });
    expect(cookie!.value).not.toMatch(/stranger|example/i);
    expect(Buffer.from(cookie!.value, 'base64url').toString('latin1')).not.toMatch(/stranger/i);
  });

  it('has the __Secure- name on an https hub', () => {
    const { ctx, set } = browser('https://accounts.example.test');
    rememberRefusedSignUp(ctx, 'stranger@example.test');
    expect(set[0]!.name).toBe('__Secure-accounts_refused_sign_up');
  });

  it('is taken once, in lower case, and cleared at the path it was set on', () => {
    const { ctx, set } = browser();
    rememberRefusedSignUp(ctx, 'Stranger@Example.test');
    expect(takeRefusedSignUp(ctx)).toBe('stranger@example.test');
    expect(set.at(-1)).toEqual({
      name: 'accounts_refused_sign_up',
      value: '',
      options: { path: '/trpc', maxAgeSeconds: 0 },
    });
    expect(takeRefusedSignUp(ctx)).toBeNull();
  });

  it('shows nothing after a minute', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { ctx } = browser();
    rememberRefusedSignUp(ctx, 'stranger@example.test');
    vi.advanceTimersByTime((REFUSED_SIGN_UP_SECONDS + 1) * 1000);
    expect(takeRefusedSignUp(ctx)).toBeNull();
  });

  it('shows nothing for a value anyone else wrote: plain text, tampered, or sealed for something else', () => {
    const { ctx, jar, config } = browser();
    const planted = [
      'anyone@example.test',
      Buffer.from(JSON.stringify({ email: 'anyone@example.test', createdAt: Date.now() })).toString(
        'base64url',
      ),
      seal(
        config.encryptionKeys,
        JSON.stringify({ email: 'anyone@example.test', createdAt: Date.now() }),
        'pending-sign-in',
      ).toString('base64url'),
    ];
    rememberRefusedSignUp(ctx, 'stranger@example.test');
    const genuine = jar.get('accounts_refused_sign_up')!;
    const bytes = Buffer.from(genuine, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    planted.push(bytes.toString('base64url'));
    for (const value of planted) {
      jar.set('accounts_refused_sign_up', value);
      expect(takeRefusedSignUp(ctx)).toBeNull();
      expect(jar.has('accounts_refused_sign_up')).toBe(false);
    }
  });

  it('is not written for something that is not an address (there would be nothing to show)', () => {
    const { ctx, set } = browser();
    rememberRefusedSignUp(ctx, '<b>not an address</b>');
    expect(set).toEqual([]);
  });
});
