import { createTestUser, sessionCookieFor, testConfig, useTestHub } from '@accounts/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedApp, serveApp, testApp } from './test-support.ts';

/**
 * No tRPC or sign-in answer may be kept by a browser or a proxy: they carry a person's data (an
 * export), one-time secrets (a new token, a login link) and session changes.
 */
describe('Cache-Control: no-store', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));
  let served: ServedApp;
  let cookie: string;
  beforeAll(async () => {
    served = await serveApp(testApp({ hub: hub() }));
    const user = await createTestUser(hub().orm.em.fork());
    const { cookies } = await sessionCookieFor(hub(), user);
    cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  });
  afterAll(() => served?.close());

  const origin = () => new URL(hub().config.publicUrl).origin;
  const json = { 'content-type': 'application/json' };

  it('is on every tRPC answer: data, refusals, batches, cookies, and what tRPC’s own handler answers', async () => {
    const requests: [string, string, RequestInit?][] = [
      ['a query', '/trpc/system.ping'],
      ['a signed-in query', '/trpc/me.get', { headers: { cookie } }],
      ['an anonymous refusal', '/trpc/me.get'],
      ['a batch with mixed outcomes', '/trpc/system.ping,me.get?batch=1'],
      ['a batch over the limit', `/trpc/${Array(21).fill('system.ping').join(',')}?batch=1`],
      [
        'a mutation refused for its input',
        '/trpc/auth.signInWithPassword',
        { method: 'POST', headers: { ...json, origin: origin() }, body: '{"json":{}}' },
      ],
      [
        'a sign-out that clears the cookie',
        '/trpc/auth.signOut',
        { method: 'POST', headers: { ...json, cookie, origin: origin() } },
      ],
      ['an unknown procedure', '/trpc/no.such'],
      ['a query sent as a mutation', '/trpc/system.ping', { method: 'POST', headers: json }],
      ['a form post', '/trpc/system.ping', { method: 'POST', body: new FormData() }],
      ['HEAD', '/trpc/system.ping', { method: 'HEAD' }],
    ];
    for (const [what, path, init] of requests) {
      const response = await fetch(`${served.url}${path}`, init);
      await response.arrayBuffer();
      expect(`${what}: ${response.headers.get('cache-control')}`).toBe(`${what}: no-store`);
    }
  });

  it('is on every /auth/* answer, not-found included', async () => {
    const requests: [string, string, RequestInit?][] = [
      ['the start of a sign-in', '/auth/sign-in'],
      ['a login link', '/auth/login/acc_login_nothing'],
      ['a callback with an error', '/auth/callback?error=access_denied'],
      ['continue', '/auth/continue'],
      ['an unknown auth path', '/auth/no-such-step'],
      ['a POST nobody serves', '/auth/sign-in', { method: 'POST' }],
    ];
    for (const [what, path, init] of requests) {
      const response = await fetch(`${served.url}${path}`, { redirect: 'manual', ...init });
      await response.arrayBuffer();
      expect(`${what}: ${response.headers.get('cache-control')}`).toBe(`${what}: no-store`);
    }
  });
});
