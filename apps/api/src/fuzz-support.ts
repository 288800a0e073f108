// What the fuzz tests (fuzz-procedures.test.ts, fuzz-routes.test.ts) share: generated inputs
// shaped by a procedure's own zod schema (so many get past validation and reach the services),
// mixed with hostile strings, wrong types, deep and huge values, prototype-pollution keys, and
// request bodies that are not what tRPC expects at all; the check every request must pass; and
// the counts they print.
import type { Hub } from '@accounts/core/kernel';
import { useTestHub } from '@accounts/core/testing';
import type { FxaStandIn } from '@accounts/devkit/fxa-stand-in';
import fc from 'fast-check';
import superjson from 'superjson';
import { afterAll, beforeAll, expect } from 'vitest';
import { writeLogSince, writeMark } from './input-test-support.ts';
import { capturingLogger, fxaHubConfig, startHubFxaStandIn } from './routes/test-browser.ts';

type Def = { type: string; [key: string]: unknown };
type CheckDef = { check: string; format?: string; pattern?: RegExp; minimum?: number; maximum?: number };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): CheckDef[] =>
  ((def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []).map((check) => check._zod.def);

/** Values the hub knows (ids, emails, URLs of what exists), so generated inputs hit real rows. */
export interface KnownValues {
  uuids: string[];
  emails: string[];
  urls: string[];
  names: string[];
}

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Strings meant to break something on their way to PostgreSQL, a header, a log or a template. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfffy',
      '\udc00\ud800',
      'e\u0301',
      '\u202eevil',
      '\ufeff',
      '\u200b',
      '\u0085',
      '\r\nX-Injected: 1',
      '%00',
      '%ED%A0%80',
      '\\',
      '"',
      "'; drop table users; --",
      '../../etc/passwd',
      '<script>alert(1)</script>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, on purpose
      '${7*7}',
      ...POLLUTING_KEYS,
      'toString',
      'null',
      'NaN',
      '-1',
      '1e999',
      '',
      ' ',
      '😀'.repeat(300),
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  // Huge: within the 1 MB body limit, past every maximum length.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((size) => 'x'.repeat(size)) },
);

/** Any JSON-ish value, deep or wide, with keys that try to reach Object.prototype. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(2 ** 53, -(2 ** 53), Number.MAX_VALUE, -0, 1e-300),
    hostileString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` deep, as JSON text (a parser's or a walker's stack). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Plausible text for fields whose rules a pattern cannot say (a time zone, a password). */
const PLAUSIBLE = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'en',
  'de',
  'Phone',
  'Example name',
  'correct horse battery staple',
  'someone@example.test',
  '@example.test',
  'x.example',
  'pri_01fuzz',
  'sub_01fuzz',
  'txn_01fuzz',
  'subscription.',
];

const isText = (schema: unknown) => {
  const def = defOf(schema);
  return def.type === 'string' || (def.type === 'pipe' && defOf(def.in).type === 'string');
};

/** Text the field's own schema takes: its format, its pattern, or known and plausible values that pass. */
function validText(schema: unknown, known: KnownValues): fc.Arbitrary<string> {
  const def = defOf(schema);
  const formatDef = def.type === 'pipe' ? defOf(def.out) : def;
  const checks = [...checksOf(def), ...(def.type === 'pipe' ? checksOf(formatDef) : [])];
  const format = (formatDef.format as string | undefined) ?? checks.find((check) => check.format)?.format;
  const pattern = checks.find((check) => check.format === 'regex')?.pattern;
  const min = checks.find((check) => check.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((check) => check.check === 'max_length')?.maximum ?? 60;
  const passes = (value: string) =>
    (schema as { safeParse(value: unknown): { success: boolean } }).safeParse(value).success;
  const pool = [...known.uuids, ...known.emails, ...known.urls, ...known.names, ...PLAUSIBLE].filter(passes);
  const generated =
    format === 'uuid' || format === 'guid'
      ? fc.uuid()
      : format === 'email'
        ? fc.emailAddress()
        : format === 'url'
          ? fc.webUrl()
          : pattern
            ? fc.stringMatching(new RegExp(pattern.source, pattern.flags.replace('g', '')))
            : fc.string({ minLength: min, maxLength: Math.min(Math.max(min, max), 60) });
  return pool.length ? fc.oneof(fc.constantFrom(...pool), generated) : generated;
}

/** Valid text with one character PostgreSQL, jsonb or a header cannot take put somewhere in it. */
function brokenText(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0007', '\n', '\u0085'))
    .map(([value, at, bad]) => {
      const position = value.length ? at % (value.length + 1) : 0;
      return `${value.slice(0, position)}${bad}${value.slice(position)}`;
    });
}

function numberFor(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def) as (CheckDef & { value?: number })[];
  const min = checks.find((check) => check.check === 'greater_than')?.value ?? -1_000_000;
  const max = checks.find((check) => check.check === 'less_than')?.value ?? 1_000_000;
  const low = Math.max(min, -(2 ** 31));
  const high = Math.min(max, 2 ** 31 - 1);
  return fc.integer({ min: low, max: high });
}

const outOfRange = fc.constantFrom(-1, 0.5, 2 ** 53, 1e308, -(2 ** 31), Number.MAX_SAFE_INTEGER);

/**
 * An arbitrary for a zod schema: mostly a valid value with at most one field broken — broken
 * text (NUL, half a surrogate pair, a control character in an otherwise good value), a hostile
 * string, a number out of range, a wrong type — so the broken part is what the hub must refuse;
 * sometimes extra or prototype-polluting keys, or anything at all.
 */
export function valueFor(schema: unknown, known: KnownValues): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: validFor(schema, known) },
    { weight: 5, arbitrary: brokenFor(schema, known) },
    { weight: 1, arbitrary: anyValue },
  );
}

/** A value the schema should take (best effort: rules across fields are not known here). */
function validFor(schema: unknown, known: KnownValues): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (key: string) => validFor(def[key], known);
  if (isText(schema)) return validText(schema, known);
  switch (def.type) {
    case 'number':
      return numberFor(def);
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'object':
      return fc.record(
        Object.fromEntries(
          Object.entries(def.shape as Record<string, unknown>).map(([key, value]) => [
            key,
            validFor(value, known),
          ]),
        ),
      );
    case 'array': {
      const max = checksOf(def).find((check) => check.check === 'max_length')?.maximum ?? 4;
      return fc.array(inner('element'), { maxLength: Math.min(max, 4) });
    }
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.oneof(fc.constant(undefined), inner('innerType'));
    case 'nullable':
      return fc.oneof(fc.constant(null), inner('innerType'));
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return inner('innerType');
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((option) => validFor(option, known)));
    case 'pipe':
      return inner('in');
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 8 }), inner('valueType'), { maxKeys: 3 });
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map((item) => validFor(item, known)));
    case 'lazy':
      return validFor((def.getter as () => unknown)(), known);
    default:
      return anyValue;
  }
}

/** A value of the schema's shape with one thing wrong in it, at any depth. */
function brokenFor(schema: unknown, known: KnownValues): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const wrongType = fc.oneof(anyValue, fc.constantFrom(null, true, 0, [], {}, 'text'));
  if (isText(schema)) {
    const valid = validText(schema, known);
    return fc.oneof(
      { weight: 4, arbitrary: brokenText(valid) },
      { weight: 3, arbitrary: hostileString },
      { weight: 1, arbitrary: wrongType },
    );
  }
  switch (def.type) {
    case 'number':
      return fc.oneof(outOfRange, fc.double(), wrongType);
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const keys = Object.keys(shape);
      const valid = validFor(schema, known) as fc.Arbitrary<Record<string, unknown>>;
      const extra = fc.dictionary(
        fc.constantFrom(...POLLUTING_KEYS, 'extra', 'isSuperuser', 'id'),
        anyValue,
        {
          minKeys: 1,
          maxKeys: 2,
        },
      );
      const options: fc.WeightedArbitrary<unknown>[] = [
        { weight: 1, arbitrary: fc.tuple(valid, extra).map(([value, more]) => Object.assign(more, value)) },
        { weight: 1, arbitrary: wrongType },
      ];
      if (keys.length) {
        const oneBroken = fc
          .constantFrom(...keys)
          .chain((key) =>
            fc
              .tuple(valid, brokenFor(shape[key], known))
              .map(([value, broken]) => ({ ...value, [key]: broken })),
          );
        options.push({ weight: 8, arbitrary: oneBroken });
      }
      return fc.oneof(...options);
    }
    case 'array':
      return fc.oneof(
        fc.array(brokenFor(def.element, known), { minLength: 1, maxLength: 3 }),
        fc.array(validFor(def.element, known), { minLength: 30, maxLength: 120 }),
        wrongType,
      );
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return brokenFor(def.innerType, known);
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((option) => brokenFor(option, known)));
    case 'pipe':
      return brokenFor(def.in, known);
    case 'lazy':
      return brokenFor((def.getter as () => unknown)(), known);
    case 'date':
      return fc.oneof(fc.date({ noInvalidDate: false }), wrongType);
    default:
      return wrongType;
  }
}

/** superjson's `meta` as a hostile client writes it: types for paths that hold none, or reach the prototype. */
const hostileMeta = fc.record({
  values: fc.dictionary(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor.prototype', 'a', '0', 'a.b', ''),
      fc.string({ maxLength: 6 }),
    ),
    fc.oneof(
      fc.constantFrom(
        'Date',
        'bigint',
        'set',
        'map',
        'regexp',
        'undefined',
        'number',
        'symbol',
        'Error',
        'URL',
      ),
      fc.tuple(fc.constantFrom('class', 'custom', 'symbol', 'typed-array'), fc.string({ maxLength: 6 })),
      anyValue,
    ),
    { maxKeys: 3 },
  ),
});

/** What goes on the wire for one call: the input's encoding, or something that is not one. */
export type WireInput =
  | { kind: 'encoded'; text: string | undefined }
  | { kind: 'raw'; text: string; contentType?: string }
  | { kind: 'wrong-method'; text: string | undefined }
  | { kind: 'batch'; text: string };

/** superjson's encoding, as a tRPC client sends it; it refuses `__proto__` keys, which go as plain JSON. */
function encoded(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(superjson.serialize(value));
  } catch {
    return JSON.stringify({ json: value });
  }
}

/** The request for one generated input: mostly its proper encoding, sometimes a malformed one. */
export function wireFor(input: fc.Arbitrary<unknown>): fc.Arbitrary<WireInput> {
  return fc.oneof(
    { weight: 14, arbitrary: input.map((value): WireInput => ({ kind: 'encoded', text: encoded(value) })) },
    {
      weight: 1,
      arbitrary: fc.tuple(input, hostileMeta).map(
        ([value, meta]): WireInput => ({
          kind: 'encoded',
          text: JSON.stringify({ json: value ?? null, meta }),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          anyValue.map((value) => JSON.stringify(value) ?? 'null'),
          fc.constantFrom(
            '{',
            '{"json":',
            'nul',
            '\u0000',
            '{"json":"\\ud800"}',
            '{"json":{"__proto__":{"polluted":1}}}',
          ),
          fc.constantFrom(deepJson(20_000, 'array'), deepJson(5_000, 'object')),
          fc.constantFrom(`{"json":${deepJson(20_000, 'array')}}`, `{"json":${deepJson(5_000, 'object')}}`),
        )
        .map((text): WireInput => ({ kind: 'raw', text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          input,
          fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'),
        )
        .map(([value, contentType]): WireInput => ({ kind: 'raw', text: encoded(value) ?? '', contentType })),
    },
    {
      weight: 1,
      arbitrary: input.map((value): WireInput => ({ kind: 'wrong-method', text: encoded(value) })),
    },
    {
      weight: 1,
      arbitrary: fc.array(input, { minLength: 1, maxLength: 3 }).map(
        (values): WireInput => ({
          kind: 'batch',
          text: `{${values.map((value, index) => `"${index}":${encoded(value) ?? '{}'}`).join(',')}}`,
        }),
      ),
    },
  );
}

/** Change it to look elsewhere; a failure prints the seed and path that replay it. */
export const SEED = 14_08;
/** Every group (callers of one kind, each HTTP route) gets at least this many inputs. */
export const GROUP_MINIMUM = 1_000;
/** A group that takes longer than this is stuck, not slow: it fails rather than hang the suite. */
export const GROUP_TIME_LIMIT_MS = 120_000;

/** fast-check's settings for a group: seeded, and failing (not passing quietly) when stuck. */
export const runSettings = (numRuns: number, timeLimitMs = GROUP_TIME_LIMIT_MS) => ({
  seed: SEED,
  numRuns,
  endOnFailure: true,
  interruptAfterTimeLimit: timeLimitMs,
  markInterruptAsFailure: true,
});

interface Tally {
  tried: number;
  byStatus: Map<number, number>;
}
export const tallies = new Map<string, Tally>();
function count(group: string, status: number) {
  const tally = tallies.get(group) ?? { tried: 0, byStatus: new Map() };
  tally.tried += 1;
  tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
  tallies.set(group, tally);
}

/** Prints how many inputs each group tried, by status, with its 5xx count (always 0 when it passed). */
export function reportCounts(): void {
  const lines = [...tallies].map(([group, { tried, byStatus }]) => {
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    const serverErrors = [...byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
    return `  ${group.padEnd(28)} ${String(tried).padStart(6)} inputs, 5xx = ${serverErrors}  (${statuses.join(' ')})`;
  });
  const total = [...tallies.values()].reduce((sum, { tried }) => sum + tried, 0);
  console.log(`fuzz (seed ${SEED}): ${total} inputs in all\n${lines.join('\n')}`);
}

const STACK = /\bat .*\.(ts|js):\d+|"stack"/;

export interface FuzzContext {
  hub: Hub;
  log: ReturnType<typeof capturingLogger>;
  /**
   * Where the write log stood after the last checked request. Clear it after writing anything
   * between requests (new people), or those writes count against the next request.
   */
  mark?: number | undefined;
}

/**
 * Sends one request and checks what any request must satisfy: no 5xx, no stack in the body, no
 * error in the log; and not one row changed, unless `mayWrite` says the answer may change data
 * (true) or names the tables a refusal may touch. Returns the answer.
 */
export async function checked(
  context: FuzzContext,
  group: string,
  label: string,
  send: () => Response | Promise<Response>,
  mayWrite: (status: number) => boolean | string[],
  settle: () => Promise<void> = async () => {},
): Promise<{ status: number; headers: Headers; body: string }> {
  context.mark ??= await writeMark(context.hub);
  const errorsBefore = context.log.lines.filter((line) => line.level === 'error').length;
  const response = await send();
  const body = await response.text();
  await settle();
  count(group, response.status);
  const errors = context.log.lines.filter((line) => line.level === 'error').slice(errorsBefore);
  expect(
    errors.map((line) => line.msg),
    `${label}: error logged`,
  ).toEqual([]);
  expect(response.status, `${label}: ${body.slice(0, 300)}`).toBeLessThan(500);
  expect(body, `${label}: a stack in the answer`).not.toMatch(STACK);
  const { writes, mark } = await writeLogSince(context.hub, context.mark);
  context.mark = mark;
  const allowed = mayWrite(response.status);
  if (allowed !== true) {
    const unexpected = writes.filter((write) => !(allowed || []).includes(write.split(' ')[1]!));
    expect(unexpected, `${label} answered ${response.status} and wrote ${unexpected.join(', ')}`).toEqual([]);
  }
  return { status: response.status, headers: response.headers, body };
}

/** Mostly well-formed, often with broken text in one place: encodeURIComponent throws on lone surrogates. */
export const safeUri = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return escape(value);
  }
};

/**
 * A hub wired to a Mozilla Accounts stand-in, logging into a captured logger: what the Mozilla
 * event and sign-in fuzzing needs. Call inside a describe (it registers that describe's hooks).
 */
export function useMozillaHub() {
  const publicUrl = 'http://localhost:3000';
  let fxa: FxaStandIn | undefined;
  beforeAll(async () => {
    fxa = await startHubFxaStandIn(publicUrl);
  });
  afterAll(() => fxa?.stop());
  const base = useTestHub(() => fxaHubConfig(fxa!, publicUrl, 2000));
  const log = capturingLogger();
  let live: Hub | undefined;
  return {
    fxa: (): FxaStandIn => fxa!,
    hub: (): Hub => (live ??= { ...base(), log }),
    log,
  };
}
