// SIGNUP_MODE on every way an account comes into being: a first Mozilla sign-in (dashboard and
// client app), a password sign-up (dashboard and client app), and what client apps are told by
// directory.checkSignup. People who already have an account get in whatever the mode.
import { User } from '@accounts/core/identity';
import type { Hub, SignupMode } from '@accounts/core/kernel';
import {
  createTestClientApp,
  createTestUser,
  sessionCookieFor,
  testConfig,
  useTestHub,
} from '@accounts/core/testing';
import type { FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { clientServer, fxaHubConfig, startHubFxaStandIn, TestBrowser } from './test-browser.ts';

const PUBLIC_URL = 'http://localhost:3000';
const APP_CALLBACK = 'https://calendar.example.test/auth/done';

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startHubFxaStandIn(PUBLIC_URL);
});
afterAll(() => fxa?.stop());

/** A browser signed in as a new staff member. */
async function staffBrowser(hub: Hub, browser: TestBrowser): Promise<TestBrowser> {
  const person = await createTestUser(hub.orm.em.fork(), { isStaff: true });
  const { cookies } = await sessionCookieFor(hub, person);
  for (const [name, value] of Object.entries(cookies)) browser.cookies.set(name, value);
  return browser;
}

/** Where a refused sign-up ends: no address in it (decision 0075). */
const notAllowed = (flow: 'dashboard' | 'client') => `/sign-up/not-allowed?flow=${flow}`;

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const data = (error as TRPCClientError<never>).data as unknown as { code: string; reason?: string };
  return { code: data.code, reason: data.reason };
}

describe('SIGNUP_MODE with Mozilla accounts', () => {
  const hub = useTestHub(() => fxaHubConfig(fxa, PUBLIC_URL, 2000));
  const app = () => testApp({ hub: hub() });
  const browser = () => new TestBrowser(app(), PUBLIC_URL);
  const setMode = (mode: SignupMode) => {
    hub().config.signupMode = mode;
  };
  const staff = () => staffBrowser(hub(), browser());
  const people = (email: string) => hub().orm.em.fork().count(User, { email });

  it('open: a first sign-in creates the person', async () => {
    setMode('open');
    expect(await browser().signInWithMozilla('open.first@example.test')).toBe('/');
    expect(await people('open.first@example.test')).toBe(1);
  });

  it('allow-list: refuses an unlisted address with the not-allowed page, creates nobody, then lets them in once staff list them', async () => {
    setMode('allow-list');
    const person = browser();
    expect(await person.signInWithMozilla('Unlisted@Example.test')).toBe(notAllowed('dashboard'));
    expect(person.cookies.has('accounts_session')).toBe(false);
    expect(await people('unlisted@example.test')).toBe(0);
    // The page asks for the address Mozilla gave, once: a reload shows the general words.
    expect(await person.trpc().auth.refusedSignUp.query()).toEqual({ email: 'unlisted@example.test' });
    expect(await person.trpc().auth.refusedSignUp.query()).toEqual({ email: null });

    await (await staff()).trpc().allowList.add.mutate({ pattern: 'unlisted@example.test' });
    expect(await browser().signInWithMozilla('unlisted@example.test')).toBe('/');
    expect(await people('unlisted@example.test')).toBe(1);

    await (await staff()).trpc().allowList.add.mutate({ pattern: '@listed-domain.example' });
    expect(await browser().signInWithMozilla('anyone@listed-domain.example')).toBe('/');
  });

  it('the refused address leaves in a sealed, HttpOnly, one-minute cookie for /trpc only, never in the URL', async () => {
    setMode('allow-list');
    const person = browser();
    const toMozilla = (await person.get('/auth/sign-in')).location!;
    const back = await person.signInAtMozilla(toMozilla, 'sealed.stranger@example.test');
    const callback = await person.get(back);
    expect(callback.location).toBe(notAllowed('dashboard'));
    const cookie = callback.response.headers
      .getSetCookie()
      .find((header) => header.startsWith('accounts_refused_sign_up='));
    expect(cookie).toBeDefined();
    const [pair, ...attributes] = cookie!.split(/;\s*/);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=60', 'Path=/trpc', 'SameSite=Lax']);
    expect(Buffer.from(pair!.split('=')[1]!, 'base64url').toString('latin1')).not.toContain('stranger');

    // A cookie anyone else wrote shows nothing (and is cleared): only the hub's sealed value counts.
    const other = browser();
    other.cookies.set('accounts_refused_sign_up', 'made.up@example.test');
    expect(await other.trpc().auth.refusedSignUp.query()).toEqual({ email: null });
    expect(other.cookies.has('accounts_refused_sign_up')).toBe(false);

    // Taken once, and cleared with the path it was set with (a clearing cookie on another path
    // would leave the original in the browser for the rest of its minute).
    const taken = await person.get('/trpc/auth.refusedSignUp');
    expect(await taken.response.text()).toContain('sealed.stranger@example.test');
    const cleared = taken.response.headers
      .getSetCookie()
      .find((header) => header.startsWith('accounts_refused_sign_up='));
    expect(cleared?.split(/;\s*/)).toEqual(
      expect.arrayContaining(['accounts_refused_sign_up=', 'Max-Age=0', 'Path=/trpc']),
    );
    expect(person.cookies.has('accounts_refused_sign_up')).toBe(false);
    expect(await person.trpc().auth.refusedSignUp.query()).toEqual({ email: null });
  });

  it('closed: refuses everyone new, listed or not', async () => {
    setMode('closed');
    await (await staff()).trpc().allowList.add.mutate({ pattern: 'listed.closed@example.test' });
    expect(await browser().signInWithMozilla('listed.closed@example.test')).toBe(notAllowed('dashboard'));
    expect(await people('listed.closed@example.test')).toBe(0);
  });

  it('never locks out people who have an account: by Mozilla account, or by an address staff created', async () => {
    setMode('open');
    expect(await browser().signInWithMozilla('existing@example.test')).toBe('/');
    const em = hub().orm.em.fork();
    em.create(User, { email: 'made.by.staff@example.test', username: 'made-by-staff' });
    await em.flush();
    for (const mode of ['allow-list', 'closed'] as const) {
      setMode(mode);
      const again = browser();
      expect(await again.signInWithMozilla('existing@example.test')).toBe('/');
      expect(await again.trpc().me.get.query()).toMatchObject({ email: 'existing@example.test' });
    }
    expect(await browser().signInWithMozilla('made.by.staff@example.test')).toBe('/');
  });

  it('a new person signing in through a client app is refused (flow=client) and the app gets no code', async () => {
    setMode('allow-list');
    const { token } = await createTestClientApp(hub().orm.em.fork(), { redirectUrl: APP_CALLBACK });
    const server = clientServer(app(), PUBLIC_URL, token);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'gated-state-1' });
    const person = browser();
    const toMozilla = (await person.get(url)).location!;
    const back = await person.signInAtMozilla(toMozilla, 'app.newcomer@example.test');
    const done = await person.get(back);
    expect(done.location).toBe(notAllowed('client'));
    expect(await person.trpc().auth.refusedSignUp.query()).toEqual({ email: 'app.newcomer@example.test' });
    expect(await people('app.newcomer@example.test')).toBe(0);
    expect(await server.directory.checkSignup.query({ email: 'app.newcomer@example.test' })).toEqual({
      allowed: false,
      reason: 'not-listed',
    });
  });

  it('directory.checkSignup answers by the mode', async () => {
    const { token } = await createTestClientApp(hub().orm.em.fork(), { redirectUrl: APP_CALLBACK });
    const server = clientServer(app(), PUBLIC_URL, token);
    setMode('open');
    expect(await server.directory.checkSignup.query({ email: 'x@nowhere.example' })).toEqual({
      allowed: true,
      reason: 'open-signup',
    });
    setMode('closed');
    expect(await server.directory.checkSignup.query({ email: 'unlisted@example.test' })).toEqual({
      allowed: false,
      reason: 'signup-closed',
    });
  });
});

describe('SIGNUP_MODE with local passwords', () => {
  const hub = useTestHub(() => testConfig({ publicUrl: PUBLIC_URL, authScheme: 'password' }));
  const app = () => testApp({ hub: hub() });
  const browser = () => new TestBrowser(app(), PUBLIC_URL);
  const setMode = (mode: SignupMode) => {
    hub().config.signupMode = mode;
  };
  const signUp = (person: TestBrowser, email: string) =>
    person.trpc().auth.signUp.mutate({ email, password: 'a good long password' });
  const people = (email: string) => hub().orm.em.fork().count(User, { email });

  it('open: offers and allows sign-up', async () => {
    setMode('open');
    const person = browser();
    expect(await person.trpc().auth.options.query()).toMatchObject({ allowSignup: true });
    expect(await signUp(person, 'pw.open@example.test')).toEqual({ redirectTo: '/check-email' });
    // "Check your mail", signed out: the person signs in with the password they chose.
    expect(person.cookies.has('accounts_session')).toBe(false);
    await person.trpc().auth.signInWithPassword.mutate({
      identifier: 'pw.open@example.test',
      password: 'a good long password',
    });
    expect(await person.trpc().me.get.query()).toMatchObject({ email: 'pw.open@example.test' });
  });

  it('open: an address that has an account gets the same answer as a new one, and no session', async () => {
    setMode('open');
    const member = await createTestUser(hub().orm.em.fork(), { password: 'the owners own password' });
    // Raw requests, to compare everything the prober sees: status, body and cookies.
    const post = (email: string) =>
      app().request('/trpc/auth.signUp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(PUBLIC_URL).origin },
        body: JSON.stringify({ json: { email, password: 'a good long password' } }),
      });
    const taken = await post(member.email);
    const fresh = await post('pw.fresh@example.test');
    expect(taken.status).toBe(200);
    expect(await taken.text()).toBe(await fresh.text());
    expect(taken.headers.get('set-cookie')).toBeNull();
    expect(fresh.headers.get('set-cookie')).toBeNull();
    expect(await people(member.email)).toBe(1);
  });

  it('allow-list: offers the form, refuses an unlisted address (FORBIDDEN, signup-not-allowed), allows a listed one', async () => {
    setMode('allow-list');
    const person = browser();
    expect(await person.trpc().auth.options.query()).toMatchObject({ allowSignup: true });
    expect(await refusal(signUp(person, 'pw.unlisted@example.test'))).toEqual({
      code: 'FORBIDDEN',
      reason: 'signup-not-allowed',
    });
    expect(person.cookies.has('accounts_session')).toBe(false);
    expect(await people('pw.unlisted@example.test')).toBe(0);

    await (await staffBrowser(hub(), browser())).trpc().allowList.add.mutate({ pattern: '@pw-team.example' });
    expect(await signUp(person, 'new.member@pw-team.example')).toEqual({ redirectTo: '/check-email' });
    expect(await people('new.member@pw-team.example')).toBe(1);
  });

  it('closed: no sign-up form, and the procedure refuses too', async () => {
    setMode('closed');
    const person = browser();
    expect(await person.trpc().auth.options.query()).toMatchObject({ allowSignup: false });
    expect(await refusal(signUp(person, 'pw.closed@example.test'))).toEqual({
      code: 'FORBIDDEN',
      reason: 'signup-not-allowed',
    });
    // The same answer for an address that has an account: a closed sign-up tells nobody who does.
    const member = await createTestUser(hub().orm.em.fork(), { password: 'a good long password' });
    expect(await refusal(signUp(person, member.email))).toEqual({
      code: 'FORBIDDEN',
      reason: 'signup-not-allowed',
    });
  });

  it('never locks out people who have an account', async () => {
    setMode('closed');
    const user = await createTestUser(hub().orm.em.fork(), { password: 'a good long password' });
    const person = browser();
    await person.trpc().auth.signInWithPassword.mutate({
      identifier: user.email,
      password: 'a good long password',
    });
    expect(await person.trpc().me.get.query()).toMatchObject({ id: user.id });
  });

  it('a new person signing up through a client app is refused and never connected', async () => {
    setMode('allow-list');
    const { token } = await createTestClientApp(hub().orm.em.fork(), { redirectUrl: APP_CALLBACK });
    const server = clientServer(app(), PUBLIC_URL, token);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'pw-gated-1' });
    const person = browser();
    expect((await person.get(url)).location).toBe('/sign-in');
    expect(await refusal(signUp(person, 'pw.app@example.test'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await people('pw.app@example.test')).toBe(0);
  });

  it('allow-list: an app gets a person who signed up with a password only once their address is confirmed', async () => {
    setMode('allow-list');
    await (await staffBrowser(hub(), browser())).trpc().allowList.add.mutate({ pattern: '@pw-apps.example' });
    const { token } = await createTestClientApp(hub().orm.em.fork(), { redirectUrl: APP_CALLBACK });
    const server = clientServer(app(), PUBLIC_URL, token);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'pw-unconfirmed-1' });
    const person = browser();
    expect((await person.get(url)).location).toBe('/sign-in');
    // Anyone can type an address of a listed domain: until its link is opened, no app gets them.
    expect(await signUp(person, 'someone@pw-apps.example')).toEqual({ redirectTo: '/check-email' });
    await person.trpc().auth.signInWithPassword.mutate({
      identifier: 'someone@pw-apps.example',
      password: 'a good long password',
    });
    expect((await person.get('/auth/continue')).location).toBe('/check-email');

    await hub()
      .orm.em.fork()
      .nativeUpdate(User, { email: 'someone@pw-apps.example' }, { emailVerified: true });
    const back = new URL((await person.get('/auth/continue')).location!);
    expect(`${back.origin}${back.pathname}`).toBe(APP_CALLBACK);
    expect(back.searchParams.get('state')).toBe('pw-unconfirmed-1');
    expect(back.searchParams.get('code')).toBeTruthy();
  });
});
