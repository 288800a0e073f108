import { Session } from '@accounts/core/identity';
import { MAX_BATCH_CALLS } from '@accounts/core/kernel';
import type { AppRouter } from '@accounts/core/orchestration';
import { createTestUser, testConfig, useTestHub } from '@accounts/core/testing';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedApp, serveApp, testApp } from './test-support.ts';

/**
 * A batched tRPC request holds at most MAX_BATCH_CALLS calls: more is refused whole, 400, before
 * any of them runs — on the fast path and on tRPC's stock handler alike (both vitest projects).
 */
describe('the tRPC batch limit', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));
  let served: ServedApp;
  beforeAll(async () => {
    served = await serveApp(testApp({ hub: hub() }));
  });
  afterAll(() => served?.close());

  const batchPath = (name: string, count: number) => `/trpc/${Array(count).fill(name).join(',')}?batch=1`;

  it('is 20 calls', () => {
    expect(MAX_BATCH_CALLS).toBe(20);
  });

  it('answers a batch of up to the limit', async () => {
    const response = await fetch(`${served.url}${batchPath('system.ping', MAX_BATCH_CALLS)}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as unknown[];
    expect(body).toHaveLength(MAX_BATCH_CALLS);
  });

  it('refuses a bigger batch with 400 and a message that names the limit, in tRPC’s error shape', async () => {
    for (const count of [MAX_BATCH_CALLS + 1, 1000]) {
      const response = await fetch(`${served.url}${batchPath('plans.list', count)}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json');
      const { error } = (await response.json()) as { error: Parameters<typeof superjson.deserialize>[0] };
      expect(superjson.deserialize(error)).toEqual({
        message: `A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${count}.`,
        code: -32600,
        data: {
          code: 'BAD_REQUEST',
          httpStatus: 400,
          path: undefined,
          fieldErrors: null,
          retryAfterSeconds: null,
          reason: null,
          reasonParams: null,
        },
      });
    }
  });

  it('counts calls as tRPC does: encoded commas too, and a path with commas but no batch is one call', async () => {
    const encoded = `/trpc/${Array(MAX_BATCH_CALLS + 1)
      .fill('system.ping')
      .join('%2C')}?batch=1`;
    expect((await fetch(`${served.url}${encoded}`)).status).toBe(400);
    // Without batch=1, tRPC looks the whole path up as one procedure name, which does not exist.
    const unbatched = await fetch(`${served.url}${batchPath('system.ping', 50).replace('?batch=1', '')}`);
    expect(unbatched.status).toBe(404);
  });

  it('runs none of the calls of a refused batch', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: 'a good password' });
    const input = { json: { identifier: user.email, password: 'a good password' } };
    const signIn = (count: number) =>
      fetch(`${served.url}${batchPath('auth.signInWithPassword', count)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(hub().config.publicUrl).origin },
        body: JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, index) => [index, input]))),
      });
    const refused = await signIn(MAX_BATCH_CALLS + 1);
    expect(refused.status).toBe(400);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await em.fork().count(Session, { user: user.id })).toBe(0);
    // The same calls within the limit sign in, each with a session of its own.
    const accepted = await signIn(2);
    expect(accepted.status).toBe(200);
    expect(await em.fork().count(Session, { user: user.id })).toBe(2);
  });

  it('reaches a tRPC client that sends too many as a TRPCClientError it can show', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${served.url}/trpc`, transformer: superjson })],
    });
    const calls = Array.from({ length: MAX_BATCH_CALLS + 5 }, () => client.system.ping.query());
    const outcomes = await Promise.allSettled(calls);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const error = (outcome as PromiseRejectedResult).reason as TRPCClientError<AppRouter>;
      expect(error).toBeInstanceOf(TRPCClientError);
      expect(error.message).toBe(`A batch may hold at most ${MAX_BATCH_CALLS} calls; this one has 25.`);
      expect(error.data?.code).toBe('BAD_REQUEST');
      expect(error.data?.httpStatus).toBe(400);
    }
  });
});
