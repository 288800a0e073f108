import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from './app-router.ts';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Every string schema inside an input schema, by where it sits ('profile.update:displayName'). */
function stringLeaves(schema: unknown, at: string, found: [string, z.ZodType][]): void {
  const def = defOf(schema);
  // Text piped into a format (text.pipe(z.url())) is one field: the whole pipe is what refuses.
  if (def.type === 'string' || (def.type === 'pipe' && defOf(def.in).type === 'string')) {
    found.push([at, schema as z.ZodType]);
    return;
  }
  if (def.type === 'object') {
    for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
      stringLeaves(value, at.endsWith(':') ? `${at}${key}` : `${at}.${key}`, found);
    }
    return;
  }
  const inside: Record<string, (def: Def) => unknown[]> = {
    optional: (d) => [d.innerType],
    nullable: (d) => [d.innerType],
    default: (d) => [d.innerType],
    prefault: (d) => [d.innerType],
    readonly: (d) => [d.innerType],
    nonoptional: (d) => [d.innerType],
    catch: (d) => [d.innerType],
    array: (d) => [d.element],
    union: (d) => d.options as unknown[],
    pipe: (d) => [d.in, d.out],
    record: (d) => [d.keyType, d.valueType],
    tuple: (d) => d.items as unknown[],
    intersection: (d) => [d.left, d.right],
    lazy: (d) => [(d.getter as () => unknown)()],
  };
  // Anything else (numbers, booleans, enums, literals, dates) has no text to break.
  for (const child of inside[def.type]?.(def) ?? [])
    stringLeaves(child, def.type === 'array' ? `${at}[]` : at, found);
}

// Long enough for every minimum length, and a URL (which the URL parser would percent-encode),
// so a refusal is about the character, not the length or the format.
const PROBES = [
  'abcdef\u0000ghijk',
  'abcdef\ud800ghijk',
  'abcdefghijk\udc00',
  'abcdef\u0007ghijk',
  'https://app.example.test/a\u0000b',
  'https://app.example.test/a\ud800b',
];

describe('every text input of every procedure', () => {
  const procedures = Object.entries(
    (appRouter as unknown as { _def: { procedures: Record<string, { _def: { inputs: unknown[] } }> } })._def
      .procedures,
  );

  it('refuses NUL and a lone surrogate: the shared text type (kernel/text-schemas.ts) or a strict format', () => {
    const leaves: [string, z.ZodType][] = [];
    for (const [path, procedure] of procedures) {
      for (const input of procedure._def.inputs) stringLeaves(input, `${path}:`, leaves);
    }
    // A walk that stopped finding fields would pass vacuously.
    expect(leaves.length).toBeGreaterThan(100);
    const letThrough = leaves
      .filter(([, schema]) => PROBES.some((value) => schema.safeParse(value).success))
      .map(([where]) => where);
    expect(letThrough).toEqual([]);
  });
});
