import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the work in progress, carried implicitly through async calls: the API sets
 * it per request, jobs set it from the event that the request stored, and the logger adds it to
 * every line. Services never pass it around and never need to know about HTTP.
 */
const storage = new AsyncLocalStorage<string>();

export function runWithRequestId<T>(requestId: string | null | undefined, work: () => T): T {
  return requestId ? storage.run(requestId, work) : work();
}

export function currentRequestId(): string | null {
  return storage.getStore() ?? null;
}
