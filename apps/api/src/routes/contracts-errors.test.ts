// The errors table of CONTRACTS.md against what the procedures answer: every row is called over
// HTTP as a client app's server calls it, and every row here must be a row there (and back).
import { readFileSync } from 'node:fs';
import { createTestClientApp, createTestUser, testConfig, useTestHub } from '@accounts/core/testing';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { callbackParams, clientServer, TestBrowser } from './test-browser.ts';

const PUBLIC_URL = 'http://localhost:3000';
const APP_CALLBACK = 'https://calendar.example.test/auth/done';
const contracts = readFileSync(new URL('../../../../CONTRACTS.md', import.meta.url), 'utf8');

/** situation -> documented code, from the table under "**Errors.**". */
function documentedErrors(): Map<string, string> {
  const section = contracts.slice(contracts.indexOf('**Errors.**'), contracts.indexOf('## Access tokens'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const code = /^`([A-Z_]+)`$/.exec(cells[3] ?? '')?.[1];
    if (code) rows.set(cells[1]!, code);
  }
  return rows;
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, 'the call should have been refused').toBeInstanceOf(TRPCClientError);
  return ((error as TRPCClientError<never>).data as unknown as { code: string }).code;
}

describe('CONTRACTS.md errors table', () => {
  const hub = useTestHub(() => testConfig({ publicUrl: PUBLIC_URL, authScheme: 'password' }));
  const app = () => testApp({ hub: hub() });

  /** A real login code, exchanged once already; and the app's server. */
  async function spentCode() {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em, { password: 'a good long password' });
    const { token } = await createTestClientApp(em, { redirectUrl: APP_CALLBACK });
    const server = clientServer(app(), PUBLIC_URL, token);
    const { url } = await server.clientAuth.createLoginUrl.mutate({ state: 'contract-state' });
    const person = new TestBrowser(app(), PUBLIC_URL);
    await person.get(url);
    const { redirectTo } = await person.trpc().auth.signInWithPassword.mutate({
      identifier: user.username,
      password: 'a good long password',
    });
    const code = callbackParams((await person.get(redirectTo)).location).code!;
    const tokens = await server.clientAuth.exchange.mutate({ code });
    return { server, code, tokens };
  }

  /** Each documented situation, as one or more calls that must all answer the documented code. */
  const scenarios: Record<string, () => Promise<string[]>> = {
    'missing, wrong or deactivated environment token': async () => [
      await codeOf(clientServer(app(), PUBLIC_URL, 'acc_env_wrong').directory.whoAmI.query()),
      await codeOf(clientServer(app(), PUBLIC_URL, '').directory.whoAmI.query()),
    ],
    'input that does not fit the procedure (with `data.fieldErrors`)': async () => {
      const { token } = await createTestClientApp(hub().orm.em.fork());
      const server = clientServer(app(), PUBLIC_URL, token);
      return [await codeOf(server.directory.getUser.query({ email: 'not an email' }))];
    },
    'someone who does not exist, or is not visible to this client': async () => {
      const { token } = await createTestClientApp(hub().orm.em.fork());
      const server = clientServer(app(), PUBLIC_URL, token);
      const stranger = await createTestUser(hub().orm.em.fork());
      return [
        await codeOf(server.directory.getUser.query({ id: crypto.randomUUID() })),
        await codeOf(server.directory.getUser.query({ id: stranger.id })),
      ];
    },
    'a login code that is unknown, used, expired or for another environment': async () => {
      const { server, code } = await spentCode();
      const other = clientServer(app(), PUBLIC_URL, (await createTestClientApp(hub().orm.em.fork())).token);
      return [
        await codeOf(server.clientAuth.exchange.mutate({ code: 'acc_code_unknown' })),
        await codeOf(server.clientAuth.exchange.mutate({ code })),
        await codeOf(other.clientAuth.exchange.mutate({ code })),
      ];
    },
    'a refresh token that is unknown, spent, revoked or expired': async () => {
      const { server, tokens } = await spentCode();
      await server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken });
      return [
        await codeOf(server.clientAuth.refresh.mutate({ refreshToken: 'acc_rt_unknown' })),
        await codeOf(server.clientAuth.refresh.mutate({ refreshToken: tokens.refreshToken })),
      ];
    },
    'an access token that is invalid, expired or whose session ended': async () => {
      const { server, tokens } = await spentCode();
      await server.clientAuth.logout.mutate({ accessToken: tokens.accessToken });
      return [
        await codeOf(server.clientAuth.profile.mutate({ accessToken: 'not.a.token' })),
        await codeOf(server.clientAuth.profile.mutate({ accessToken: tokens.accessToken })),
      ];
    },
    "a redirect target off the environment's origin": async () => {
      const { token } = await createTestClientApp(hub().orm.em.fork(), { redirectUrl: APP_CALLBACK });
      const server = clientServer(app(), PUBLIC_URL, token);
      return [
        await codeOf(
          server.clientAuth.createLoginUrl.mutate({
            state: 'state-123',
            redirectTo: 'https://elsewhere.example/x',
          }),
        ),
      ];
    },
  };

  it('documents exactly the situations tested here', () => {
    expect([...documentedErrors().keys()].sort()).toEqual(Object.keys(scenarios).sort());
  });

  for (const [situation, run] of Object.entries(scenarios)) {
    it(`answers ${situation} with the documented code`, async () => {
      const expected = documentedErrors().get(situation);
      const codes = await run();
      expect(codes.length).toBeGreaterThan(0);
      expect(codes).toEqual(codes.map(() => expected));
    });
  }
});
