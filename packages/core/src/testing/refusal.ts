import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Awaits a call that must fail and returns the tRPC error it failed with. */
export async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'the call should have been refused').toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
