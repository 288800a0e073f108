// Small readers for route search params: what a URL may carry is checked, never trusted.

/** A page number above 1, or undefined (page 1 stays out of the URL). */
export function pageParam(value: unknown): number | undefined {
  const page = Number(value);
  return Number.isInteger(page) && page > 1 ? Math.min(page, 10_000) : undefined;
}

/** A non-empty string of at most `max` characters, or undefined. */
export function textParam(value: unknown, max = 200): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
}

/** A non-empty string cut to `max` characters as typed (spaces kept), or undefined. */
export function rawTextParam(value: unknown, max = 200): string | undefined {
  return typeof value === 'string' && value ? value.slice(0, max) : undefined;
}

/** One of the allowed values, or undefined. */
export function oneOfParam<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((candidate) => candidate === value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidParam(value: unknown): string | undefined {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
}

/** Drops undefined entries, so they do not show in the URL. */
export function definedOnly<T extends object>(search: T): T {
  return Object.fromEntries(Object.entries(search).filter(([, value]) => value !== undefined)) as T;
}
