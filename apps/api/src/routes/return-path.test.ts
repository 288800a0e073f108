import { createTestUser, testConfig, useTestHub } from '@accounts/core/testing';
import type { FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { fxaHubConfig, startHubFxaStandIn, TestBrowser } from './test-browser.ts';

/**
 * A person who opened a page signed out comes back to it after signing in (issue 15, item 3),
 * whichever way they sign in; a path that could leave our origin sends them to the overview.
 */
const PUBLIC_URL = 'http://localhost:3000';

/** What an attacker could put in `return_to` (as the query string carries it: encoded once). */
const HOSTILE = [
  '//evil.example',
  '//evil.example/mail',
  '/\\evil.example',
  '/\\/evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  '/\t/evil.example',
  '%2F%2Fevil.example',
  '/\r\nLocation: https://evil.example',
] as const;

const query = (value: string) => encodeURIComponent(value);

describe('the requested page survives a Mozilla accounts sign-in', () => {
  let fxa: FxaStandIn;
  beforeAll(async () => {
    fxa = await startHubFxaStandIn(PUBLIC_URL);
  });
  afterAll(() => fxa?.stop());
  const hub = useTestHub(() => fxaHubConfig(fxa, PUBLIC_URL, 2000));
  const browser = () => new TestBrowser(testApp({ hub: hub() }), PUBLIC_URL);

  it('comes back to the page, query included', async () => {
    const person = browser();
    const start = await person.get(`/auth/sign-in?return_to=${query('/mail/app-passwords?x=1')}`);
    const back = await person.signInAtMozilla(start.location!, 'returner@example.test');
    expect((await person.get(back)).location).toBe('/mail/app-passwords?x=1');
    // Signed in already: straight there.
    expect((await person.get(`/auth/sign-in?return_to=${query('/security')}`)).location).toBe('/security');
  });

  it('lands on the overview for any path that could leave our origin', async () => {
    for (const given of HOSTILE) {
      const person = browser();
      const start = await person.get(`/auth/sign-in?return_to=${query(given)}`);
      const back = await person.signInAtMozilla(start.location!, 'returner@example.test');
      const done = await person.get(back);
      expect(done.location, given).toBe('/');
    }
  });
});

describe('the requested page survives a password sign-in', () => {
  const hub = useTestHub(() => testConfig({ publicUrl: PUBLIC_URL, authScheme: 'password' }));
  const browser = () => new TestBrowser(testApp({ hub: hub() }), PUBLIC_URL);

  it('carries the path through the sign-in page to /auth/continue and back to the page', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: 'a good long password' });
    const person = browser();
    const start = await person.get(`/auth/sign-in?return_to=${query('/mail/app-passwords')}`);
    expect(start.location).toBe('/sign-in?return_to=%2Fmail%2Fapp-passwords');
    const { redirectTo } = await person.trpc().auth.signInWithPassword.mutate({
      identifier: user.username,
      password: 'a good long password',
    });
    // The sign-in page adds the return_to it was given (apps/dashboard sign-in.tsx).
    const back = await person.get(`${redirectTo}?return_to=${query('/mail/app-passwords')}`);
    expect(back.location).toBe('/mail/app-passwords');
  });

  it('never leaves our origin, and never sends the sign-in page a hostile path', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: 'a good long password' });
    for (const given of HOSTILE) {
      const person = browser();
      expect((await person.get(`/auth/sign-in?return_to=${query(given)}`)).location, given).toBe('/sign-in');
      await person.trpc().auth.signInWithPassword.mutate({
        identifier: user.username,
        password: 'a good long password',
      });
      expect((await person.get(`/auth/continue?return_to=${query(given)}`)).location, given).toBe('/');
    }
  });
});
