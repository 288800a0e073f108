import type { CombinedDataTransformer } from '@trpc/server';
import superjson from 'superjson';

type Serialized = ReturnType<typeof superjson.serialize>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const NOT_SIMPLE = Symbol('not simple');

/**
 * superjson's serialization of `value` when it is plain data — null, booleans, strings, finite
 * numbers, valid Dates, plain objects and dense arrays of those, each object met once — else
 * undefined. What every procedure returns is that, and superjson's general walker allocates a
 * path array, a seen-objects array and a result object per value (a seventh of all the
 * allocation of an authenticated me.get). The `json` part is the value itself, or, when it holds
 * Dates, a copy with each Date as its ISO string — what superjson writes and what JSON.stringify
 * would make of the Date, but a Date anywhere sends V8's JSON.stringify down its slow path for the
 * whole value (an authenticated me.get's two dates cost more than the rest of its answer).
 */
export function serializePlainData(value: unknown): Serialized | undefined {
  const seen = new Set<object>();
  const annotations = annotate(value, seen);
  if (annotations === NOT_SIMPLE) return undefined;
  if (!annotations) return { json: value as never };
  // The shape superjson calls a MinimisedTree (the test compares the bytes with superjson's).
  const values = annotations as NonNullable<Serialized['meta']>['values'];
  return { json: withIsoDates(value) as never, meta: { values, v: 1 } };
}

/** A copy of plain data (checked by `annotate`) with every Date as its ISO string. */
function withIsoDates(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (node instanceof Date) return node.toISOString();
  if (Array.isArray(node)) return node.map(withIsoDates);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) copy[key] = withIsoDates((node as Record<string, unknown>)[key]);
  return copy;
}

type Annotations = ['Date'] | Record<string, unknown>;

/**
 * The Date annotations of a subtree in superjson's shape: `['Date']` for a Date, else the
 * subtree's paths flattened level by level into one object per level, as superjson builds them
 * (so integer-like keys order the same way), or undefined when there is nothing to annotate.
 */
function annotate(node: unknown, seen: Set<object>): Annotations | undefined | typeof NOT_SIMPLE {
  switch (typeof node) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      // NaN, the infinities and -0 get annotations from superjson.
      return Number.isFinite(node) && !Object.is(node, -0) ? undefined : NOT_SIMPLE;
    case 'object':
      break;
    default:
      return NOT_SIMPLE;
  }
  if (node === null) return undefined;
  if (seen.has(node)) return NOT_SIMPLE; // superjson would record the shared reference
  seen.add(node);
  if (node instanceof Date) return isPlainDate(node) ? ['Date'] : NOT_SIMPLE;
  if (Array.isArray(node)) {
    if (Object.keys(node).length !== node.length) return NOT_SIMPLE;
  } else {
    const prototype = Object.getPrototypeOf(node);
    if (prototype !== Object.prototype && prototype !== null) return NOT_SIMPLE;
  }
  let inner: Record<string, unknown> | undefined;
  for (const key of Object.keys(node)) {
    if (FORBIDDEN_KEYS.has(key)) return NOT_SIMPLE; // superjson refuses these; let it
    const child = annotate((node as Record<string, unknown>)[key], seen);
    if (child === NOT_SIMPLE) return NOT_SIMPLE;
    if (!child) continue;
    inner ??= {};
    if (Array.isArray(child)) {
      inner[escapeKey(key)] = child;
    } else {
      for (const [path, tree] of Object.entries(child)) inner[`${escapeKey(key)}.${path}`] = tree;
    }
  }
  return inner;
}

function isPlainDate(value: Date): boolean {
  return Object.getPrototypeOf(value) === Date.prototype && !Number.isNaN(value.getTime());
}

function escapeKey(key: string): string {
  if (!key.includes('.') && !key.includes('\\')) return key;
  return key.replace(/\\/g, '\\\\').replace(/\./g, '\\.');
}

/**
 * The hub's tRPC transformer: superjson on the wire both ways (clients use plain superjson), with
 * the output side taking the shortcut above for plain data.
 */
export const wireTransformer: CombinedDataTransformer = {
  input: superjson,
  output: {
    serialize: (value) => serializePlainData(value) ?? superjson.serialize(value),
    deserialize: (value) => superjson.deserialize(value),
  },
};
