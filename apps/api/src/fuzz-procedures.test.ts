// Property-based fuzzing of every procedure of the router, found from the router itself (so a new
// one is fuzzed without a change here), as the caller it is for: anyone, a signed-in person, staff,
// or a client app's server. Against the real app and a real database, each generated request must
// be answered without a 5xx, an unexpected error in the log or a stack in the body, and a refusal
// must write nothing. Seeded (fuzz-support.ts), so a failure replays; prints its counts.
import { User } from '@accounts/core/identity';
import type { Hub } from '@accounts/core/kernel';
import { appRouter } from '@accounts/core/orchestration';
import {
  createPerson,
  createPlan,
  settledEntitlementRefreshes,
  tableResolver,
  testConfig,
  useTestHub,
} from '@accounts/core/testing';
import { type PaddleStandIn, startPaddleStandIn } from '@accounts/devkit/paddle-stand-in';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedurePaths } from './fast-path/procedures.ts';
import {
  anyValue,
  checked,
  type FuzzContext,
  GROUP_MINIMUM,
  GROUP_TIME_LIMIT_MS,
  type KnownValues,
  reportCounts,
  runSettings,
  tallies,
  valueFor,
  type WireInput,
  wireFor,
} from './fuzz-support.ts';
import { type App, type Caller, clientServer, signedIn, watchWrites } from './input-test-support.ts';
import { capturingLogger } from './routes/test-browser.ts';
import { testApp } from './test-support.ts';

/** And every procedure at least this many, whatever its group's size. */
const PROCEDURE_MINIMUM = 25;

type Role = 'anonymous' | 'person' | 'staff' | 'client';
const ROLES: Role[] = ['anonymous', 'client', 'person', 'staff'];

const NO_INPUT: WireInput = { kind: 'encoded', text: undefined };

afterAll(reportCounts);

function trpcRequest(app: App, caller: Caller, kind: 'query' | 'mutation', path: string, wire: WireInput) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller.cookie) headers.cookie = caller.cookie;
  if (caller.bearer) headers.authorization = `Bearer ${caller.bearer}`;
  if (caller.origin) headers.origin = caller.origin;
  if (wire.kind === 'raw' && wire.contentType) headers['content-type'] = wire.contentType;
  const method = (kind === 'query') === (wire.kind !== 'wrong-method') ? 'GET' : 'POST';
  const target = wire.kind === 'batch' ? `/trpc/${path},${path}?batch=1` : `/trpc/${path}`;
  if (method === 'GET') {
    const query =
      wire.text === undefined
        ? ''
        : `${target.includes('?') ? '&' : '?'}input=${encodeURIComponent(wire.text)}`;
    return app.request(`${target}${query}`, { headers });
  }
  return app.request(target, { method, headers, ...(wire.text === undefined ? {} : { body: wire.text }) });
}

describe('fuzz: every procedure, as the caller it is for', () => {
  let paddle: PaddleStandIn;
  beforeAll(async () => {
    paddle = await startPaddleStandIn({ apiKey: testConfig().paddle.apiKey });
  });
  afterAll(() => paddle?.stop());

  const base = useTestHub(() => testConfig());
  const log = capturingLogger();
  // One object for the whole file: the in-process Paddle runner is kept per hub object.
  let live: Hub | undefined;
  const hub = (): Hub =>
    (live ??= {
      ...base(),
      log,
      dns: tableResolver({}),
      config: { ...base().config, paddle: { ...base().config.paddle, apiBaseUrl: paddle.url } },
    });

  /** A person with a plan, a superuser, a client app: one of each kind of caller, and what they own. */
  async function callers(): Promise<{ callers: Record<Role, Caller>; known: KnownValues }> {
    const em = hub().orm.em.fork();
    const plan = await createPlan(em, { maxAliases: 2, maxAppPasswords: 2, maxCustomDomains: 1 });
    const person = await createPerson(em, { plan });
    const staff = await createPerson(em);
    await em.nativeUpdate(User, { id: staff.id }, { isStaff: true, isSuperuser: true });
    const client = await clientServer(hub(), `App ${person.id.slice(0, 8)}`);
    return {
      callers: {
        anonymous: { origin: new URL(hub().config.publicUrl).origin },
        person: await signedIn(hub(), person.id),
        staff: await signedIn(hub(), staff.id),
        client,
      },
      known: {
        uuids: [person.id, staff.id, plan.id, client.environmentId],
        emails: [person.email, staff.email, `${person.username}@mail.test`],
        urls: [
          'https://app.example.test/callback',
          'https://app.example.test/else',
          'http://127.0.0.1:1/hook',
        ],
        names: [person.username, staff.username, 'mail.test', 'alt.test', plan.name],
      },
    };
  }

  type Procedure = { path: string; kind: 'query' | 'mutation'; input: unknown };
  const procedures: Procedure[] = procedurePaths(appRouter).map((path) => {
    const def = (
      appRouter._def.procedures as unknown as Record<
        string,
        { _def: { type: 'query' | 'mutation'; inputs: unknown[] } }
      >
    )[path]!._def;
    return { path, kind: def.type, input: def.inputs[0] };
  });

  /** Who each procedure is for: the first kind of caller it does not refuse as unauthenticated or forbidden. */
  async function rolesOf(app: App): Promise<Map<string, Role>> {
    const roles = new Map<string, Role>();
    let probes = (await callers()).callers;
    for (const procedure of procedures) {
      for (const role of ROLES) {
        const response = await trpcRequest(app, probes[role], procedure.kind, procedure.path, NO_INPUT);
        if (response.status === 401 || response.status === 403) continue;
        roles.set(procedure.path, role);
        // It ran: a sign-out would spoil the next probes.
        if (response.status < 300) probes = (await callers()).callers;
        break;
      }
      if (!roles.has(procedure.path)) throw new Error(`${procedure.path} refuses every caller`);
    }
    return roles;
  }

  it(
    'answers every generated input of every procedure without a 5xx, and changes nothing when it refuses',
    async () => {
      const app = testApp({ hub: hub() });
      const context: FuzzContext = { hub: hub(), log };
      await watchWrites(hub());
      const roles = await rolesOf(app);
      const groupSize = (role: Role) => [...roles.values()].filter((r) => r === role).length;
      const started = performance.now();
      // The same people and app throughout, so what one procedure did (a mailbox, an alias, a
      // deactivated account) is there for the next; new ones when a session has ended.
      let current = await callers();
      let stale = false;

      for (const procedure of procedures) {
        const role = roles.get(procedure.path)!;
        const group = `procedures (${role})`;
        const runs = Math.max(PROCEDURE_MINIMUM, Math.ceil(GROUP_MINIMUM / groupSize(role)));
        const input = procedure.input
          ? valueFor(procedure.input, current.known)
          : fc.oneof(fc.constant(undefined), anyValue);
        // Mostly the caller it is for; sometimes anyone else, who must be refused without a trace.
        const caller = fc.oneof(
          { weight: 9, arbitrary: fc.constant(role) },
          { weight: 1, arbitrary: fc.constantFrom(...ROLES) },
        );
        await fc.assert(
          fc.asyncProperty(wireFor(input), caller, async (wire, who) => {
            if (stale) {
              // The last call ended the caller's session (sign-out, account deletion): new people.
              current = await callers();
              context.mark = undefined;
              stale = false;
            }
            const response = await checked(
              context,
              group,
              `${procedure.path} as ${who} with ${wire.kind} ${String(wire.text).slice(0, 200)}`,
              () => trpcRequest(app, current.callers[who], procedure.kind, procedure.path, wire),
              (status) => status < 300 || (WRITES_ON_REFUSAL[procedure.path] ?? false),
              // A plan edit re-applies its holders' entitlements after answering: part of that call.
              () => settledEntitlementRefreshes(hub()),
            );
            // A 401 for the caller it is for: a refusal of the input (a spent token), or did the
            // call end the caller's session or app (sign-out, deactivation, a deleted environment)?
            if (response.status === 401 && who === role && role !== 'anonymous') {
              const check = role === 'client' ? 'directory.whoAmI' : 'me.get';
              const still = await trpcRequest(app, current.callers[role], 'query', check, NO_INPUT);
              stale = still.status === 401;
            }
          }),
          runSettings(runs, Math.max(0, GROUP_TIME_LIMIT_MS * ROLES.length - (performance.now() - started))),
        );
      }
      // Nothing reached Object.prototype on the way.
      expect(Object.keys(Object.prototype)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      for (const role of ROLES) {
        if (groupSize(role))
          expect(tallies.get(`procedures (${role})`)!.tried).toBeGreaterThanOrEqual(GROUP_MINIMUM);
      }
    },
    GROUP_TIME_LIMIT_MS * ROLES.length + 60_000,
  );
});

/**
 * The tables a refusal may rightly change: a wrong password is counted against the address and
 * the account (throttling password guesses), whatever the answer says; so is every request for a
 * mail (reset links, confirmation links), which are throttled the same way.
 */
const WRITES_ON_REFUSAL: Record<string, string[]> = {
  'auth.signInWithPassword': ['public.rate_limit_buckets'],
  'auth.changePassword': ['public.rate_limit_buckets'],
  'auth.requestPasswordReset': ['public.rate_limit_buckets'],
  'auth.requestEmailChange': ['public.rate_limit_buckets'],
  'auth.resendVerification': ['public.rate_limit_buckets'],
  // Sign-up queues a mail too (a confirmation link, or a notice to an address's owner).
  'auth.signUp': ['public.rate_limit_buckets'],
};
