// Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone UTF-16 surrogate, which
// the jsonb outbox refuses) used to reach the database and come back as a 500. Every text input
// now refuses it at the door, with a field error in words, before anything is written.
import { createPerson, testConfig, useTestHub } from '@accounts/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  clientServer,
  signedIn,
  type TrpcAnswer,
  trpcCall,
  watchWrites,
  writeMark,
  writesSince,
} from './input-test-support.ts';
import { testApp } from './test-support.ts';

const BROKEN = { nul: 'Ann\u0000e', 'lone surrogate': 'Ann\uD800e', 'lone low surrogate': '\uDC00' };

describe('text inputs with NUL or broken characters', () => {
  const hub = useTestHub(() => testConfig());
  const app = () => testApp({ hub: hub() });
  let person: Caller;
  let staff: Caller;
  let server: Caller;

  beforeAll(async () => {
    const em = hub().orm.em.fork();
    person = await signedIn(hub(), (await createPerson(em)).id);
    staff = await signedIn(hub(), (await createPerson(em, { isStaff: true })).id);
    server = await clientServer(hub(), 'Calendar');
    await watchWrites(hub());
  });

  const cases: [
    caller: () => Caller,
    kind: 'query' | 'mutation',
    path: string,
    field: string,
    input: (text: string) => object,
  ][] = [
    [
      () => person,
      'mutation',
      'profile.update',
      'displayName',
      (displayName) => ({ displayName, language: 'en', timezone: 'UTC' }),
    ],
    [() => staff, 'query', 'staffUsers.search', 'query', (query) => ({ query })],
    [() => staff, 'query', 'mailAdmin.searchAccounts', 'query', (query) => ({ query })],
    [() => staff, 'query', 'mailAdmin.account', 'name', (name) => ({ name: `${name}@mail.test` })],
    [
      () => server,
      'mutation',
      'clientAuth.createLoginUrl',
      'state',
      (state) => ({ state: `state-${state}-123` }),
    ],
    [
      () => server,
      'mutation',
      'clientAuth.createLoginUrl',
      'redirectTo',
      (path) => ({ state: 'state-123456', redirectTo: `https://app.example.test/${path}` }),
    ],
  ];

  for (const [caller, kind, path, field, input] of cases) {
    for (const [what, text] of Object.entries(BROKEN)) {
      it(`${path} refuses ${field} with a ${what}: 400 and a field error, nothing written`, async () => {
        const mark = await writeMark(hub());
        const answer: TrpcAnswer = await trpcCall(app(), caller(), kind, path, input(text));
        expect([answer.status, answer.error?.code]).toEqual([400, 'BAD_REQUEST']);
        expect(answer.error?.fieldErrors?.[field]).toEqual([
          'must not contain control characters or broken characters',
        ]);
        expect(await writesSince(hub(), mark)).toEqual([]);
      });
    }
  }

  it('takes the same fields when the text is clean, in composed form (the write watch sees it)', async () => {
    const mark = await writeMark(hub());
    const answer = await trpcCall(app(), person, 'mutation', 'profile.update', {
      displayName: '  Jose\u0301 Ann\u00e9e  ',
      language: 'en',
      timezone: 'UTC',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).result.data.json.displayName).toBe('Jos\u00e9 Ann\u00e9e');
    expect(await writesSince(hub(), mark)).toContain('UPDATE public.users');
  });
});

describe('the sign-in routes with NUL or control characters in a parameter', () => {
  const hub = useTestHub(() => testConfig());
  const errors: unknown[] = [];
  const log = {
    debug() {},
    info() {},
    warn() {},
    error: (...line: unknown[]) => errors.push(line),
    child: () => log,
  };

  it('treat a broken return_to as none: back to /, and nothing logged as unexpected', async () => {
    const app = testApp({ hub: { ...hub(), log } });
    const person = await signedIn(hub(), (await createPerson(hub().orm.em.fork())).id);
    for (const path of ['/auth/sign-in', '/auth/continue']) {
      for (const returnTo of ['/a%00b', '/a%01b', '/a%C2%85b']) {
        const response = await app.request(`${path}?return_to=${returnTo}`, {
          headers: { cookie: person.cookie! },
        });
        expect([path, returnTo, response.status, response.headers.get('location')]).toEqual([
          path,
          returnTo,
          302,
          '/',
        ]);
      }
      const fine = await app.request(`${path}?return_to=/mail`, { headers: { cookie: person.cookie! } });
      expect(fine.headers.get('location')).toBe('/mail');
    }
    expect(errors).toEqual([]);
  });
});
