import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const HARMLESS_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's request id is kept when it is harmless to log; otherwise we make one. */
export function requestIdFrom(given: string | string[] | undefined | null): string {
  return typeof given === 'string' && HARMLESS_ID.test(given) ? given : randomUUID();
}
