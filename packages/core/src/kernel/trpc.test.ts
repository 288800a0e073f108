import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { staffProcedure, userProcedure } from '../identity/procedures.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { createContext } from './context.ts';
import { HubError } from './errors.ts';
import { createCallerFactory, publicProcedure, router } from './trpc.ts';

const testRouter = router({
  conflict: publicProcedure.mutation(() => {
    throw new HubError('CONFLICT', 'That name is taken.', { fieldErrors: { name: ['That name is taken.'] } });
  }),
  validated: publicProcedure.input(z.object({ email: z.email() })).mutation(() => 'ok'),
  crash: publicProcedure.query(() => {
    throw new Error('database password is hunter2');
  }),
  mine: userProcedure.query(() => 'mine'),
  staffOnly: staffProcedure.query(() => 'staff'),
});

describe('procedure builders and error vocabulary', () => {
  const hub = useTestHub(() => testConfig());
  const caller = (cookie?: string) =>
    createCallerFactory(testRouter)(
      createContext(
        hub(),
        {
          requestId: 'r1',
          ip: null,
          userAgent: null,
          origin: null,
          authorization: null,
          cookie: () => cookie,
        },
        { setCookie() {}, deleteCookie() {} },
      ),
    );

  it('maps HubError codes to tRPC codes with field errors', async () => {
    await expect(caller().conflict()).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'That name is taken.',
    });
  });

  it('refuses anonymous callers of user and staff procedures', async () => {
    await expect(caller().mine()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(caller('not-a-session').staffOnly()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers over HTTP with the mapped status, field errors and no stack', async () => {
    const { fetchRequestHandler } = await import('@trpc/server/adapters/fetch');
    const call = (path: string, init: RequestInit = {}) =>
      fetchRequestHandler({
        endpoint: '/trpc',
        req: new Request(`http://localhost/trpc/${path}`, {
          ...init,
          headers: { 'content-type': 'application/json' },
        }),
        router: testRouter,
        createContext: () =>
          createContext(
            hub(),
            {
              requestId: 'r',
              ip: null,
              userAgent: null,
              origin: null,
              authorization: null,
              cookie: () => undefined,
            },
            { setCookie() {}, deleteCookie() {} },
          ),
      });
    const conflict = await call('conflict', { method: 'POST', body: '{}' });
    expect(conflict.status).toBe(409);
    const body = (await conflict.json()) as {
      error: { json: { message: string; data: Record<string, unknown> } };
    };
    expect(body.error.json.message).toBe('That name is taken.');
    expect(body.error.json.data.fieldErrors).toEqual({ name: ['That name is taken.'] });
    expect(JSON.stringify(body)).not.toContain('stack');

    const invalid = await call('validated', {
      method: 'POST',
      body: JSON.stringify({ json: { email: 'nope' } }),
    });
    expect(invalid.status).toBe(400);
    const invalidBody = (await invalid.json()) as {
      error: { json: { message: string; data: { fieldErrors: object } } };
    };
    expect(invalidBody.error.json.message).toBe('Some fields are not valid.');
    expect(Object.keys(invalidBody.error.json.data.fieldErrors)).toEqual(['email']);

    const crash = await call('crash');
    expect(crash.status).toBe(500);
    const crashText = await crash.text();
    expect(crashText).toContain('Something went wrong on our side');
    expect(crashText).not.toContain('hunter2');
    expect(crashText).not.toContain('stack');
  });
});
