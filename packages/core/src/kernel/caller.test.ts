import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { BaseContext } from './context.ts';
import { HubError } from './errors.ts';
import { createCallerFactory, publicProcedure, router } from './trpc.ts';

const testRouter = router({
  nested: router({
    deeper: router({
      missing: publicProcedure.query(() => {
        throw new HubError('NOT_FOUND', 'Nothing like that.');
      }),
    }),
  }),
  forbidden: publicProcedure.mutation(() => {
    throw new HubError('FORBIDDEN', 'Not yours.');
  }),
  crash: publicProcedure.query(() => {
    throw new Error('boom');
  }),
  teapot: publicProcedure.query(() => {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Not now.' });
  }),
  validated: publicProcedure.input(z.object({ name: z.string() })).query(({ input }) => input.name),
});

// These procedures never read their context.
const ctx = {} as BaseContext;

describe('server-side callers', () => {
  it("throw a HubError's tRPC code and message, anywhere in the router, with the HubError as cause", async () => {
    const caller = createCallerFactory(testRouter)(ctx);
    const missing = await caller.nested.deeper.missing().catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(TRPCError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'Nothing like that.' });
    expect((missing as TRPCError).cause).toBeInstanceOf(HubError);
    await expect(caller.forbidden()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Not yours.' });
  });

  it('leave other errors as tRPC makes them', async () => {
    const caller = createCallerFactory(testRouter)(ctx);
    await expect(caller.crash()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'boom' });
    await expect(caller.teapot()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(caller.validated({ name: 1 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await caller.validated({ name: 'Ada' })).toBe('Ada');
  });

  it("still call the caller's own onError, with the mapped code", async () => {
    const seen: string[] = [];
    const caller = createCallerFactory(testRouter)(ctx, {
      onError: ({ error, path }) => seen.push(`${path}:${error.code}`),
    });
    await expect(caller.nested.deeper.missing()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.crash()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(seen).toEqual(['nested.deeper.missing:NOT_FOUND', 'crash:INTERNAL_SERVER_ERROR']);
  });
});
