import { User } from '@accounts/core/identity';
import { hashSecret } from '@accounts/core/kernel';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';
import { testApp } from './test-support.ts';

/** The session cookie as a browser receives it from a real sign-in over HTTP. */
describe('the session cookie', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));

  async function signInCookie(publicUrl: string, email: string) {
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
    expect(cookies).toHaveLength(1);
    const [pair = '', ...rest] = cookies[0]!.split(';').map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const attributes = new Map(
      rest.map((part) => {
        const [key = '', attribute = ''] = part.split('=');
        return [key.toLowerCase(), attribute];
      }),
    );
    return { name, value, attributes };
  }

  it('is __Host-, Secure, HttpOnly, SameSite=Lax and Path=/ when PUBLIC_URL is https', async () => {
    const cookie = await signInCookie('https://accounts.example.test', 'secure.cookie@example.test');
    expect(cookie.name).toBe('__Host-accounts_session');
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes.has('secure')).toBe(true);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Lax');
    expect(cookie.attributes.get('path')).toBe('/');
    expect(cookie.attributes.has('domain')).toBe(false); // __Host- forbids it
  });

  it('has the plain name and no Secure on http://localhost (development)', async () => {
    const cookie = await signInCookie('http://localhost:3000', 'plain.cookie@example.test');
    expect(cookie.name).toBe('accounts_session');
    expect(cookie.attributes.has('secure')).toBe(false);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Lax');
    expect(cookie.attributes.get('path')).toBe('/');
  });
});
