import { Session, User } from '@accounts/core/identity';
import { hashSecret } from '@accounts/core/kernel';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';
import { testApp } from './test-support.ts';

describe('TRUST_PROXY', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));

  async function signInThrough(trustProxy: boolean, forwardedFor: string, email: string) {
    const em = hub().orm.em.fork();
    em.create(User, { email, username: email.split('@')[0]!, password: await hashSecret('a good password') });
    await em.flush();
    const app = testApp({ hub: hub(), trustProxy });
    const response = await app.request('/trpc/auth.signInWithPassword', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: new URL(hub().config.publicUrl).origin,
        'x-forwarded-for': forwardedFor,
      },
      body: JSON.stringify({ json: { identifier: email, password: 'a good password' } }),
    });
    expect(response.status).toBe(200);
    const session = await hub().orm.em.fork().findOneOrFail(Session, { user: { email } });
    return session.ip;
  }

  it('takes the address the proxy appended, not one the client wrote into X-Forwarded-For', async () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    expect(await signInThrough(true, '6.6.6.6, 203.0.113.9', 'proxied@example.test')).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For unless the API is told a proxy stands in front of it', async () => {
    expect(await signInThrough(false, '203.0.113.9', 'direct@example.test')).not.toBe('203.0.113.9');
  });

  it('throttles sign-in by the client’s own address behind the proxy, not the proxy’s nor one the client writes', async () => {
    const em = hub().orm.em.fork();
    const email = 'throttled.behind.proxy@example.test';
    em.create(User, {
      email,
      username: 'throttledbehindproxy',
      password: await hashSecret('a good password'),
    });
    await em.flush();
    const app = testApp({ hub: hub(), trustProxy: true });
    const attempt = (forwardedFor: string, password: string) =>
      app.request('/trpc/auth.signInWithPassword', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: new URL(hub().config.publicUrl).origin,
          'x-forwarded-for': forwardedFor,
        },
        body: JSON.stringify({ json: { identifier: email, password } }),
      });
    // Client 203.0.113.50 guesses until it is slowed, writing a new address of its own each time.
    const statuses: number[] = [];
    for (let guess = 0; guess < 7; guess += 1) {
      statuses.push((await attempt(`6.6.6.${guess}, 203.0.113.50`, `wrong guess ${guess}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await attempt('7.7.7.7, 203.0.113.50', 'a good password')).status).toBe(429);
    // Another client behind the same proxy signs in.
    expect((await attempt('203.0.113.51', 'a good password')).status).toBe(200);
  });
});
