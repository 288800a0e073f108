import { User } from '@accounts/core/identity';
import { hashSecret } from '@accounts/core/kernel';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';
import { testApp } from './test-support.ts';

/** The session and device cookies as a browser receives them from a real sign-in over HTTP. */
describe('the session cookie', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));

  async function signInCookies(publicUrl: string, email: string) {
    const em = hub().orm.em.fork();
    em.create(User, { email, username: email.split('@')[0]!, password: await hashSecret('a good password') });
    await em.flush();
    const app = testApp({ hub: { ...hub(), config: { ...hub().config, publicUrl } } });
    const response = await app.request('/trpc/auth.signInWithPassword', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(publicUrl).origin },
      body: JSON.stringify({ json: { identifier: email, password: 'a good password' } }),
    });
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    return cookies.map((cookie) => {
      const [pair = '', ...rest] = cookie.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const attributes = new Map(
        rest.map((part) => {
          const [key = '', attribute = ''] = part.split('=');
          return [key.toLowerCase(), attribute];
        }),
      );
      return { name, value, attributes };
    });
  }

  it('is __Host-, Secure, HttpOnly, SameSite=Lax and Path=/ when PUBLIC_URL is https', async () => {
    const [cookie, device] = await signInCookies(
      'https://accounts.example.test',
      'secure.cookie@example.test',
    );
    expect(cookie!.name).toBe('__Host-accounts_session');
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The sign-in throttle's device cookie (sealed): the same rules.
    expect(device!.name).toBe('__Host-accounts_device');
    expect(device!.attributes.get('max-age')).toBe(String(365 * 86400));
    for (const { attributes } of [cookie!, device!]) {
      expect(attributes.has('secure')).toBe(true);
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')).toBe('Lax');
      expect(attributes.get('path')).toBe('/');
      expect(attributes.has('domain')).toBe(false); // __Host- forbids it
    }
  });

  it('has the plain name and no Secure on http://localhost (development)', async () => {
    const cookies = await signInCookies('http://localhost:3000', 'plain.cookie@example.test');
    expect(cookies.map((cookie) => cookie.name)).toEqual(['accounts_session', 'accounts_device']);
    for (const { attributes } of cookies) {
      expect(attributes.has('secure')).toBe(false);
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')).toBe('Lax');
      expect(attributes.get('path')).toBe('/');
    }
  });
});
