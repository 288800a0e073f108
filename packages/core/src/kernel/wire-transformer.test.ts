import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializePlainData, wireTransformer } from './wire-transformer.ts';

/** Both must produce the very same bytes on the wire, or the shortcut must step aside. */
function expectSameWire(value: unknown) {
  let expected: string;
  try {
    expected = JSON.stringify(superjson.serialize(value));
  } catch (error) {
    expect(() => wireTransformer.output.serialize(value)).toThrow((error as Error).message);
    return;
  }
  expect(JSON.stringify(wireTransformer.output.serialize(value))).toBe(expected);
}

// A small seeded generator (mulberry32), so failures repeat.
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['id', 'name', 'a.b', 'back\\slash', '0', '10', 'at', 'when', 'items', '__proto__', 'toJSON'];

function generate(next: () => number, depth: number, shared: object[]): unknown {
  const pick = Math.floor(next() * 24);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return `text ${Math.floor(next() * 100)}`;
    case 3:
      return Math.floor(next() * 1000) - 500;
    case 4:
      return next() * 10;
    case 5:
      return new Date(Math.floor(next() * 2e12));
    case 6:
      return [Number.NaN, Number.POSITIVE_INFINITY, -0, 0][Math.floor(next() * 4)];
    case 7:
      return [undefined, 10n, new Date(Number.NaN), new Map([[1, 2]]), new Set([1]), /x/g, new Error('e')][
        Math.floor(next() * 7)
      ];
    case 8:
      return shared.length ? shared[Math.floor(next() * shared.length)] : null;
    case 9:
      return new URL('https://example.test/a');
    default: {
      if (depth > 3) return 'leaf';
      if (pick < 15) {
        const list = Array.from({ length: Math.floor(next() * 4) }, () => generate(next, depth + 1, shared));
        if (next() < 0.2) shared.push(list);
        return list;
      }
      const object: Record<string, unknown> = next() < 0.1 ? Object.create(null) : {};
      for (let i = Math.floor(next() * 5); i > 0; i -= 1) {
        const key = KEYS[Math.floor(next() * KEYS.length)]!;
        if (key === '__proto__') Object.defineProperty(object, key, { value: 1, enumerable: true });
        else object[key] = generate(next, depth + 1, shared);
      }
      if (next() < 0.2) shared.push(object);
      return object;
    }
  }
}

describe('wire transformer', () => {
  it('writes what superjson writes for what procedures return', () => {
    const user = {
      id: 'u1',
      email: 'ada@example.test',
      displayName: null,
      isStaff: false,
      dateJoined: new Date('2026-01-02T03:04:05.678Z'),
      lastLogin: null,
    };
    for (const value of [
      'pong',
      0,
      null,
      true,
      user,
      { user, sessions: [{ id: 's', lastSeenAt: new Date(0) }], nested: { deeper: { at: new Date(1) } } },
      [new Date(5), 'x'],
      new Date(7),
      { 'a.b': { 'c\\d': new Date(9) } },
      Object.assign(Object.create(null), { at: new Date(3) }),
    ]) {
      expect(serializePlainData(value), JSON.stringify(value)).toBeDefined();
      expectSameWire(value);
    }
  });

  it('steps aside for everything else superjson annotates or refuses', () => {
    const shared = { same: true };
    const date = new Date(1);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    class Entity {
      id = 'e';
    }
    for (const value of [
      undefined,
      { missing: undefined },
      10n,
      Number.NaN,
      { infinite: Number.POSITIVE_INFINITY },
      -0,
      new Date(Number.NaN),
      new Map(),
      new Set(),
      /re/,
      new Error('no'),
      new URL('https://example.test'),
      new Entity(),
      { twice: [shared, shared] },
      { one: date, two: date },
      circular,
      // biome-ignore lint/suspicious/noSparseArray: a hole is what this checks
      [1, , 3],
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { constructor: 'x' },
      { fn: () => 1 },
      Symbol('s'),
    ]) {
      expect(serializePlainData(value)).toBeUndefined();
      expectSameWire(value);
    }
  });

  it('matches superjson byte for byte on thousands of generated values', () => {
    let simple = 0;
    for (let seed = 1; seed <= 3000; seed += 1) {
      const value = generate(random(seed), 0, []);
      if (serializePlainData(value)) simple += 1;
      expectSameWire(value);
    }
    // The generator must exercise both paths.
    expect(simple).toBeGreaterThan(300);
    expect(simple).toBeLessThan(2700);
  });

  it('reads inputs and its own outputs back with superjson', () => {
    const value = { at: new Date(42), list: [new Date(43)] };
    const wire = JSON.parse(JSON.stringify(wireTransformer.output.serialize(value)));
    expect(superjson.deserialize(wire)).toEqual(value);
    expect(wireTransformer.input.deserialize(superjson.serialize(value))).toEqual(value);
  });
});
