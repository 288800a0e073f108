import { type BaseContext, createContext, HubError, publicProcedure, router } from '@accounts/core/kernel';
import { appRouter } from '@accounts/core/orchestration';
import { createTestUser, sessionCookieFor, testConfig, useTestHub } from '@accounts/core/testing';
import type { AnyTRPCRouter } from '@trpc/server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../app.ts';
import { requestInfo, responseControl } from '../http/request-context.ts';
import { stockTrpcHandler, type TrpcHandlerOptions } from '../http/trpc.ts';
import type { AppEnv } from '../http/types.ts';
import { fastTrpcHandler } from './index.ts';

/**
 * The fast handler answers the common requests itself and leaves the rest to the stock handler
 * (tRPC's fetch adapter, what TRPC_FAST_PATH=false serves). Every request here goes through both
 * (the stock one is the reference) and must get the same status, headers that matter, body and
 * error reports — and the ones meant for the fast path must really have taken it.
 */

type TestContext = BaseContext & { rawSignal: AbortSignal };

// The fast path hands procedures the request's own signal; tRPC's path a combined one.
const tookFastPath: boolean[] = [];
const probe = publicProcedure.use(({ ctx, signal, next }) => {
  tookFastPath.push(signal === (ctx as TestContext).rawSignal);
  return next();
});

const testRouter = router({
  t: router({
    text: probe.query(() => 'pong'),
    date: probe.query(() => ({ at: new Date(0), big: 10n })),
    echo: probe.input(z.object({ name: z.string().min(2) })).query(({ input }) => input),
    hubError: probe.query(() => {
      throw new HubError('NOT_FOUND', 'Nothing like that.');
    }),
    limited: probe.query(() => {
      throw new HubError('TOO_MANY_REQUESTS', 'Slow down.', { retryAfterSeconds: 30 });
    }),
    crash: probe.query(() => {
      throw new Error('boom');
    }),
    stream: probe.query(() => ({ later: Promise.resolve(1) })),
    add: probe.input(z.object({ a: z.number(), b: z.number() })).mutation(({ input }) => input.a + input.b),
    cookies: probe.mutation(({ ctx }) => {
      ctx.res.setCookie('one', '1');
      ctx.res.deleteCookie('two');
      return 'set';
    }),
    ticks: probe.subscription(async function* () {}),
    // Middleware chains: context merged and input replaced by next(), a middleware that forgets it.
    layered: probe
      .use(({ next }) => next({ ctx: { layer: 'one' } }))
      .use(({ ctx, next }) =>
        next({ ctx: { layer: `${(ctx as { layer: string }).layer}+two` }, input: 'swapped' }),
      )
      .query(({ ctx, input }) => ({ layer: (ctx as unknown as { layer: string }).layer, input })),
    forgetful: probe.use((async () => undefined) as never).query(() => 'unreachable'),
  }),
});

function appFor(hub: () => BaseContext['hub'], fastPath: boolean, target: AnyTRPCRouter, errors: string[]) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('hub', hub());
    c.set('requestId', 'test');
    c.set('trustProxy', false);
    await next();
  });
  const options: TrpcHandlerOptions<AnyTRPCRouter> = {
    endpoint: '/trpc',
    router: target,
    onError: ({ error, path }) => errors.push(`${path}:${error.code}`),
    createContext: (c, cookies, em) => {
      if (c.req.header('x-fail-context')) throw new HubError('UNAVAILABLE', 'No context today.');
      const ctx = createContext(hub(), requestInfo(c as never), responseControl(cookies, false), em);
      return Object.assign(ctx, { rawSignal: c.req.raw.signal });
    },
  };
  app.use('/trpc/*', fastPath ? fastTrpcHandler({ ...options, orm: hub().orm }) : stockTrpcHandler(options));
  return app;
}

interface Answer {
  status: number;
  contentType: string | null;
  vary: string | null;
  cacheControl: string | null;
  retryAfter: string | null;
  cookies: string[];
  body: unknown;
  errors: string[];
}

async function answer(app: Hono<AppEnv>, errors: string[], url: string, init?: RequestInit): Promise<Answer> {
  errors.length = 0;
  const response = await app.request(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    vary: response.headers.get('vary'),
    cacheControl: response.headers.get('cache-control'),
    retryAfter: response.headers.get('retry-after'),
    cookies: response.headers.getSetCookie(),
    body,
    errors: [...errors],
  };
}

const json = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const post = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

describe('tRPC handler', () => {
  const hub = useTestHub(() => testConfig());

  async function compare(
    target: AnyTRPCRouter,
    url: string,
    init: RequestInit | undefined,
    expected: 'fast' | 'fallback',
  ) {
    const fastErrors: string[] = [];
    const slowErrors: string[] = [];
    tookFastPath.length = 0;
    const fast = await answer(appFor(hub, true, target, fastErrors), fastErrors, url, init);
    const fastCalls = [...tookFastPath];
    tookFastPath.length = 0;
    const reference = await answer(appFor(hub, false, target, slowErrors), slowErrors, url, init);
    expect(tookFastPath.every((fastOne) => !fastOne)).toBe(true);
    expect(fast, `${init?.method ?? 'GET'} ${url}`).toEqual(reference);
    if (target === testRouter && fastCalls.length) {
      expect(
        fastCalls.every((one) => one === (expected === 'fast')),
        url,
      ).toBe(true);
    }
    return fast;
  }

  const fastCases: [string, RequestInit?][] = [
    ['/trpc/t.text'],
    ['/trpc/t.date'],
    [`/trpc/t.echo?input=${json({ json: { name: 'Ada' } })}`],
    [`/trpc/t.echo?input=${json({ json: { name: 'A' } })}`],
    ['/trpc/t.echo'],
    ['/trpc/t.echo?input=%7Bnot%20json'],
    ['/trpc/t.hubError'],
    ['/trpc/t.limited'],
    ['/trpc/t.crash'],
    ['/trpc/t.stream'],
    ['/trpc/t.text', { headers: { 'content-type': 'application/json' } }],
    ['/trpc/t.text', { headers: { 'trpc-accept': 'application/json' } }],
    [`/trpc/t.text,t.date,t.echo?batch=1&input=${json({ 2: { json: { name: 'Grace' } } })}`],
    ['/trpc/t.text,t.hubError?batch=1'],
    ['/trpc/t.hubError,t.hubError?batch=1'],
    ['/trpc/t.text,t.stream?batch=1'],
    [`/trpc/t.text,t.echo?batch=1&input=${json([1])}`],
    [`/trpc/t.echo?batch=1&input=${json({ 0: { json: { name: 'x' } } })}`],
    ['/trpc/t.add', post(JSON.stringify({ json: { a: 1, b: 2 } }))],
    [
      '/trpc/t.add',
      post(JSON.stringify({ json: { a: 1, b: 2 } }), { 'content-type': 'application/json; charset=utf-8' }),
    ],
    ['/trpc/t.add', post('nope')],
    ['/trpc/t.add', post('')],
    ['/trpc/t.add', post(JSON.stringify({ json: { a: 'one' } }))],
    ['/trpc/t.cookies', post('')],
    ['/trpc/t.add,t.cookies?batch=1', post(JSON.stringify({ 0: { json: { a: 2, b: 3 } } }))],
    ['/trpc/t.layered'],
    ['/trpc/t.forgetful'],
    ['/trpc/t.layered,t.forgetful?batch=1'],
    ['/trpc/t.text', { headers: { 'x-fail-context': '1' } }],
    ['/trpc/t.text,t.date?batch=1', { headers: { 'x-fail-context': '1' } }],
  ];
  it.each(fastCases)('answers %s like tRPC does, on the fast path', async (url, init) => {
    await compare(testRouter, url, init, 'fast');
  });

  const fallbackCases: [string, RequestInit?][] = [
    ['/trpc/t.nope'],
    ['/trpc/t.text', post('')],
    ['/trpc/t.add'],
    ['/trpc/t.text,t.add?batch=1'],
    ['/trpc/t.text', { method: 'HEAD' }],
    ['/trpc/t.text', { method: 'PUT' }],
    ['/trpc/t.add', post('{}', { 'content-type': 'text/plain' })],
    ['/trpc/t.text', { headers: { 'content-type': 'text/plain' } }],
    ['/trpc/t.text%2Ct.date?batch=1'],
    ['/trpc/t.text/'],
    ['/trpc/t.text,t.date?batch=1', { headers: { 'trpc-accept': 'application/jsonl' } }],
    ['/trpc/t.ticks'],
    ['/trpc/t.text?connectionParams=%7B%7D'],
  ];
  it.each(fallbackCases)('leaves %s to tRPC', async (url, init) => {
    await compare(testRouter, url, init, 'fallback');
  });

  it('tells a caller every one of whose calls must wait when to retry (Retry-After), and no other', async () => {
    expect((await compare(testRouter, '/trpc/t.limited', undefined, 'fast')).retryAfter).toBe('30');
    const allWait = await compare(testRouter, '/trpc/t.limited,t.limited?batch=1', undefined, 'fast');
    expect([allWait.status, allWait.retryAfter]).toEqual([429, '30']);
    const mixed = await compare(testRouter, '/trpc/t.limited,t.text?batch=1', undefined, 'fast');
    expect([mixed.status, mixed.retryAfter]).toEqual([207, null]);
  });

  it('answers the hub router the same way: sessions, batches, CSRF and validation', async () => {
    const user = await createTestUser(hub().orm.em.fork());
    const { cookies } = await sessionCookieFor(hub(), user);
    const cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const origin = new URL(hub().config.publicUrl).origin;
    const cases: [string, RequestInit?][] = [
      ['/trpc/system.ping'],
      ['/trpc/me.get'],
      ['/trpc/me.get', { headers: { cookie } }],
      ['/trpc/me.get,system.ping,profile.overview?batch=1', { headers: { cookie } }],
      ['/trpc/profile.update', post(JSON.stringify({ json: { displayName: 'Ada' } }), { cookie })],
      ['/trpc/profile.update', post(JSON.stringify({ json: { displayName: 'Ada' } }), { cookie, origin })],
    ];
    for (const [url, init] of cases) await compare(appRouter, url, init, 'fast');
  });

  it.each([true, false])(
    'is what the app mounts (fast path: %s), session cookies included',
    async (trpcFastPath) => {
      const app = createApp({ hub: hub(), trpcFastPath });
      const ping = await app.request('/trpc/system.ping');
      expect(ping.status).toBe(200);
      expect(ping.headers.get('vary')).toBe('trpc-accept, accept');
      expect(await ping.json()).toEqual({ result: { data: { json: 'pong' } } });

      const user = await createTestUser(hub().orm.em.fork(), { password: 'a long enough password' });
      const origin = new URL(hub().config.publicUrl).origin;
      const signIn = await app.request(
        '/trpc/auth.signInWithPassword',
        post(JSON.stringify({ json: { identifier: user.email, password: 'a long enough password' } }), {
          origin,
        }),
      );
      expect(signIn.status).toBe(200);
      const [cookie] = signIn.headers.getSetCookie();
      expect(cookie).toMatch(/^accounts_session=[\w-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
      const me = await app.request('/trpc/me.get', { headers: { cookie: cookie!.split(';')[0]! } });
      expect(((await me.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id).toBe(
        user.id,
      );
    },
  );
});
