import { createHash } from 'node:crypto';
import { type FxaStandIn, startFxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { CodeChallengeMethod, OAuth2Client } from 'arctic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../testing/config.ts';
import { callbackUrl, exchangeCode, MozillaAccountsError, refreshTokens } from './client.ts';

const PUBLIC_URL = 'http://localhost:3000';
const CALLBACK = `${PUBLIC_URL}/auth/callback`;

let fxa: FxaStandIn;
beforeAll(async () => {
  fxa = await startFxaStandIn({
    clients: [
      { clientId: 'hub', clientSecret: 'hub-secret', redirectUris: [CALLBACK] },
      { clientId: 'hub-public', clientSecret: null, redirectUris: [CALLBACK] },
    ],
  });
});
afterAll(() => fxa?.stop());

const confidential = () =>
  testConfig({
    publicUrl: PUBLIC_URL,
    authScheme: 'fxa',
    fxa: { clientId: 'hub', clientSecret: 'hub-secret', discoveryUrl: fxa.discoveryUrl, timeoutMs: 2000 },
  });
const publicClient = () =>
  testConfig({
    publicUrl: PUBLIC_URL,
    authScheme: 'fxa',
    fxa: { clientId: 'hub-public', clientSecret: null, discoveryUrl: fxa.discoveryUrl, timeoutMs: 2000 },
  });

/** A code from the stand-in's sign-in form, as a person gets one. */
async function codeFor(clientId: string, verifier?: string): Promise<string> {
  const form = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: CALLBACK,
    state: 'state',
    scope: 'profile',
    access_type: 'offline',
    decision: 'allow',
    email: 'ada@example.test',
  });
  if (verifier) {
    form.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    form.set('code_challenge_method', 'S256');
  }
  const response = await fetch(`${fxa.url}/authorization`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  return new URL(response.headers.get('location')!).searchParams.get('code')!;
}

function lastTokenRequest() {
  const request = fxa.requests.filter((entry) => entry.path === '/v1/token').at(-1)!;
  return { ...request, params: [...request.params].sort() };
}

async function failureOf(promise: Promise<unknown>): Promise<MozillaAccountsError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MozillaAccountsError);
  return error as MozillaAccountsError;
}

describe("the token endpoint through the hub's own fetch", () => {
  it('sends exactly what Arctic sent: a form body, Basic auth for a confidential client, no secret in the body', async () => {
    const arctic = new OAuth2Client('hub', 'hub-secret', CALLBACK);
    const arcticTokens = await arctic.validateAuthorizationCode(
      `${fxa.url}/v1/token`,
      await codeFor('hub'),
      null,
    );
    const arcticExchange = lastTokenRequest();
    await arctic.refreshAccessToken(`${fxa.url}/v1/token`, arcticTokens.refreshToken(), ['profile']);
    const arcticRefresh = lastTokenRequest();

    const tokens = await exchangeCode(confidential(), await codeFor('hub'), null);
    expect(lastTokenRequest()).toEqual(arcticExchange);
    expect(arcticExchange).toMatchObject({
      params: ['code', 'grant_type', 'redirect_uri'],
      basicAuth: true,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(Date.parse(tokens.accessTokenExpiresAt) - Date.now()).toBeGreaterThan(3500_000);

    const refreshed = await refreshTokens(confidential(), tokens.refreshToken!);
    expect(lastTokenRequest()).toEqual(arcticRefresh);
    expect(arcticRefresh.params).toEqual(['grant_type', 'refresh_token', 'scope']);
    // Mozilla does not rotate refresh tokens.
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
  });

  it('sends what Arctic sent for a public client: client_id and the PKCE verifier, no Basic auth', async () => {
    const verifier = 'v'.repeat(43);
    const arctic = new OAuth2Client('hub-public', null, CALLBACK);
    arctic.createAuthorizationURLWithPKCE(
      `${fxa.url}/authorization`,
      's',
      CodeChallengeMethod.S256,
      verifier,
      [],
    );
    await arctic.validateAuthorizationCode(
      `${fxa.url}/v1/token`,
      await codeFor('hub-public', verifier),
      verifier,
    );
    const arcticExchange = lastTokenRequest();
    await exchangeCode(publicClient(), await codeFor('hub-public', verifier), verifier);
    expect(lastTokenRequest()).toEqual(arcticExchange);
    expect(arcticExchange).toMatchObject({
      params: ['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri'],
      basicAuth: false,
    });
    expect(callbackUrl(publicClient())).toBe(CALLBACK);
  });

  it("keeps Mozilla's errno and code on refusals, and nothing of what was sent", async () => {
    const code = await codeFor('hub');
    await exchangeCode(confidential(), code, null);
    const replayed = await failureOf(exchangeCode(confidential(), code, null));
    expect(replayed).toMatchObject({
      failure: 'rejected',
      errno: 105,
      code: 400,
      error: 'Bad Request',
      status: 400,
    });
    // The stand-in echoes the code back (`requestCode`), as Mozilla does: it must not reach the log.
    expect(JSON.stringify(replayed.toLog())).not.toContain(code);
    expect(replayed.toLog()).toMatchObject({ errno: 105, code: 400 });

    const refused = await failureOf(refreshTokens(confidential(), 'not-a-refresh-token'));
    expect(refused).toMatchObject({ failure: 'rejected', errno: 108 });
    expect(JSON.stringify(refused.toLog())).not.toContain('not-a-refresh-token');

    const wrongSecret = testConfig({
      publicUrl: PUBLIC_URL,
      fxa: { clientId: 'hub', clientSecret: 'wrong', discoveryUrl: fxa.discoveryUrl, timeoutMs: 2000 },
    });
    expect(await failureOf(exchangeCode(wrongSecret, await codeFor('hub'), null))).toMatchObject({
      failure: 'rejected',
      errno: 102,
    });
    // A confidential client sending PKCE: Mozilla's errno 116.
    expect(await failureOf(exchangeCode(confidential(), await codeFor('hub'), 'v'.repeat(43)))).toMatchObject(
      {
        errno: 116,
      },
    );
  });

  it('calls Mozilla down or slow unavailable, with its errno when it gave one', async () => {
    fxa.setFault('token', { status: 503, errno: 201, retryAfter: 30 });
    try {
      expect(await failureOf(exchangeCode(confidential(), await codeFor('hub'), null))).toMatchObject({
        failure: 'unavailable',
        errno: 201,
        status: 503,
      });
    } finally {
      fxa.setFault('token', null);
    }
    // A client that waits 500 ms, against an answer delayed by 3 s: it gives up long before.
    fxa.setFault('token', { delayMs: 3000 });
    try {
      const impatient = confidential();
      impatient.fxa.timeoutMs = 500;
      const started = Date.now();
      const slow = await failureOf(refreshTokens(impatient, 'any'));
      expect(slow).toMatchObject({ failure: 'unavailable', message: expect.stringContaining('in time') });
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      fxa.setFault('token', null);
    }
  });
});
