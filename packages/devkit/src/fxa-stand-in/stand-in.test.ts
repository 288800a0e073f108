import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FxaStandIn, startFxaStandIn } from './index.ts';

const REDIRECT = 'http://localhost:9999/auth/callback';

describe('Mozilla Accounts stand-in', () => {
  let fxa: FxaStandIn;
  beforeAll(async () => {
    fxa = await startFxaStandIn({
      clients: [
        { clientId: 'confidential', clientSecret: 's3cret', redirectUris: [REDIRECT] },
        { clientId: 'public', clientSecret: null, redirectUris: [REDIRECT] },
      ],
    });
  });
  afterAll(() => fxa.stop());

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  async function authorize(params: Record<string, string>, email = 'ada@example.test') {
    const response = await fetch(`${fxa.url}/authorization`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        response_type: 'code',
        redirect_uri: REDIRECT,
        state: 'st',
        scope: 'profile',
        decision: 'allow',
        email,
        ...params,
      }),
    });
    return new URL(response.headers.get('location') ?? 'http://invalid');
  }

  async function token(body: Record<string, string>, auth?: string) {
    const response = await fetch(`${fxa.url}/v1/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(auth ? { authorization: auth } : {}),
      },
      body: new URLSearchParams(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('publishes discovery with the documented endpoints', async () => {
    const discovery = (await (await fetch(fxa.discoveryUrl)).json()) as Record<string, string>;
    expect(discovery).toMatchObject({
      issuer: fxa.url,
      authorization_endpoint: `${fxa.url}/authorization`,
      token_endpoint: `${fxa.url}/v1/token`,
      jwks_uri: `${fxa.url}/v1/jwks`,
    });
  });

  it('serves an account settings page where the hub sends people to manage their account', async () => {
    const response = await fetch(`${fxa.url}/settings`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<h1>Mozilla account settings</h1>');
  });

  it('signs in, exchanges a code once, and serves profile, verify and destroy', async () => {
    const back = await authorize({ client_id: 'confidential', access_type: 'offline' });
    expect(back.searchParams.get('state')).toBe('st');
    const code = back.searchParams.get('code')!;
    const first = await token({ grant_type: 'authorization_code', code }, basic('confidential', 's3cret'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'bearer', scope: 'profile', expires_in: 3600 });
    expect(first.body.refresh_token).toEqual(expect.any(String));
    const again = await token({ grant_type: 'authorization_code', code }, basic('confidential', 's3cret'));
    expect(again).toMatchObject({ status: 400, body: { errno: 105 } });

    const profile = (await (
      await fetch(`${fxa.url}/v1/profile`, {
        headers: { authorization: `Bearer ${first.body.access_token}` },
      })
    ).json()) as Record<string, unknown>;
    expect(profile).toMatchObject({ email: 'ada@example.test', uid: fxa.account('ada@example.test').uid });

    const verify = await fetch(`${fxa.url}/v1/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: first.body.access_token }),
    });
    expect(await verify.json()).toMatchObject({ user: profile.uid, client_id: 'confidential' });

    const both = await fetch(`${fxa.url}/v1/destroy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        access_token: first.body.access_token,
        refresh_token: first.body.refresh_token,
      }),
    });
    expect(both.status).toBe(400);
    const destroyed = await fetch(`${fxa.url}/v1/destroy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: first.body.refresh_token }),
    });
    expect(destroyed.status).toBe(200);
    const refresh = await token(
      { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
      basic('confidential', 's3cret'),
    );
    expect(refresh).toMatchObject({ status: 400, body: { errno: 108 } });
  });

  it('keeps the uid stable per email', async () => {
    expect(fxa.account('Bob@Example.test').uid).toBe(fxa.account('bob@example.test').uid);
    expect(fxa.account('bob@example.test').uid).not.toBe(fxa.account('ada@example.test').uid);
  });

  it('refuses what Mozilla refuses: both auth methods, PKCE with a secret, bad secret, unknown client', async () => {
    const code = (await authorize({ client_id: 'confidential' })).searchParams.get('code')!;
    expect(await token({ code, client_secret: 's3cret' }, basic('confidential', 's3cret'))).toMatchObject({
      status: 400,
      body: { errno: 109 },
    });
    expect(
      await token({ code, code_verifier: 'x'.repeat(43) }, basic('confidential', 's3cret')),
    ).toMatchObject({
      status: 400,
      body: { errno: 116 },
    });
    expect(await token({ code }, basic('confidential', 'wrong'))).toMatchObject({ body: { errno: 102 } });
    expect(await token({ code }, basic('nobody', 'x'))).toMatchObject({ body: { errno: 101 } });
  });

  it("answers each code refusal with Mozilla's errno and error body, echoing the code as Mozilla does", async () => {
    const replayed = (await authorize({ client_id: 'confidential' })).searchParams.get('code')!;
    const auth = basic('confidential', 's3cret');
    expect((await token({ grant_type: 'authorization_code', code: replayed }, auth)).status).toBe(200);
    expect(await token({ grant_type: 'authorization_code', code: replayed }, auth)).toEqual({
      status: 400,
      body: { code: 400, errno: 105, error: 'Bad Request', message: 'Unknown code', requestCode: replayed },
    });
    const othersCode = (await authorize({ client_id: 'public' })).searchParams.get('code')!;
    expect(await token({ code: othersCode }, auth)).toMatchObject({ body: { errno: 106 } });
    const pkce = { client_id: 'public', code_challenge: 'c'.repeat(43), code_challenge_method: 'S256' };
    const noVerifier = (await authorize(pkce)).searchParams.get('code')!;
    expect(await token({ client_id: 'public', code: noVerifier })).toMatchObject({
      body: { errno: 118, error: 'PKCE parameters missing' },
    });
    const wrongVerifier = (await authorize(pkce)).searchParams.get('code')!;
    expect(
      await token({ client_id: 'public', code: wrongVerifier, code_verifier: 'v'.repeat(43) }),
    ).toMatchObject({
      body: { errno: 117 },
    });

    const quick = await startFxaStandIn({
      clients: [{ clientId: 'confidential', clientSecret: 's3cret', redirectUris: [REDIRECT] }],
      codeTtlSeconds: 0,
    });
    try {
      const back = await fetch(`${quick.url}/authorization`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({
          client_id: 'confidential',
          response_type: 'code',
          state: 'st',
          decision: 'allow',
          email: 'late@example.test',
        }),
      });
      const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
      const expired = await fetch(`${quick.url}/v1/token`, {
        method: 'POST',
        headers: { authorization: auth },
        body: new URLSearchParams({ grant_type: 'authorization_code', code }),
      });
      expect(await expired.json()).toMatchObject({ code: 400, errno: 107, message: 'Expired code' });
    } finally {
      await quick.stop();
    }
  });

  it('refuses an unregistered redirect_uri without redirecting there', async () => {
    const page = await fetch(
      `${fxa.url}/authorization?client_id=confidential&response_type=code&state=s&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
      { redirect: 'manual' },
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('errno 103');
  });

  it('requires a matching PKCE verifier from public clients', async () => {
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = { client_id: 'public', code_challenge: challenge, code_challenge_method: 'S256' };
    const wrong = (await authorize(params)).searchParams.get('code')!;
    expect(await token({ client_id: 'public', code: wrong, code_verifier: 'w'.repeat(50) })).toMatchObject({
      status: 400,
    });
    const right = (await authorize(params)).searchParams.get('code')!;
    expect((await token({ client_id: 'public', code: right, code_verifier: verifier })).status).toBe(200);
  });

  it('sends cancelled consent back as access_denied with the state', async () => {
    const response = await fetch(`${fxa.url}/authorization`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        client_id: 'confidential',
        response_type: 'code',
        redirect_uri: REDIRECT,
        state: 'abc',
        decision: 'deny',
      }),
    });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('signs account events with a key from its JWKS, and can sign with a foreign key', async () => {
    const jwks = createLocalJWKSet((await (await fetch(`${fxa.url}/v1/jwks`)).json()) as never);
    const claims = {
      sub: 'uid',
      aud: 'confidential',
      events: { 'https://schemas.accounts.firefox.com/event/delete-user': {} },
    };
    const { payload } = await jwtVerify(await fxa.signSecurityEvent(claims), jwks, {
      audience: 'confidential',
    });
    expect(payload.exp).toBeUndefined();
    await expect(
      jwtVerify(await fxa.signSecurityEvent(claims, { foreignKey: true }), jwks),
    ).rejects.toThrow();
  });

  it('signs and sends an account event on request (pnpm fxa:event), JSON only', async () => {
    let received: string | null = null;
    const { createServer } = await import('node:http');
    const receiver = createServer((req, res) => {
      received = req.headers.authorization ?? null;
      res.writeHead(200).end('{"status":"processed"}');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/events`;
    try {
      const send = (body: unknown, type = 'application/json') =>
        fetch(`${fxa.url}/__stand-in/account-events`, {
          method: 'POST',
          headers: { 'content-type': type },
          body: type === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body as never),
        });
      const ok = await send({
        event: 'password-change',
        email: 'ada@example.test',
        clientId: 'confidential',
        url,
      });
      const result = (await ok.json()) as Record<string, unknown>;
      expect(result).toMatchObject({
        status: 200,
        aud: 'confidential',
        uid: fxa.account('ada@example.test').uid,
      });
      const jwks = createLocalJWKSet((await (await fetch(`${fxa.url}/v1/jwks`)).json()) as never);
      const { payload } = await jwtVerify(String(received).replace(/^Bearer /, ''), jwks, {
        audience: 'confidential',
        issuer: fxa.issuer,
      });
      expect(payload.jti).toBe(result.jti);
      const changeTime = (payload.events as Record<string, { changeTime: number }>)[
        'https://schemas.accounts.firefox.com/event/password-change'
      ]!.changeTime;
      expect(Math.abs(changeTime - Date.now())).toBeLessThan(5_000); // milliseconds, as Mozilla sends
      expect(
        (
          await send(
            { event: 'password-change', email: 'a@b.c', clientId: 'confidential', url },
            'application/x-www-form-urlencoded',
          )
        ).status,
      ).toBe(415);
      expect(
        (await send({ event: 'metrics-opt-out', email: 'a@b.c', clientId: 'confidential', url })).status,
      ).toBe(400);
      // Two clients registered: the audience must be named.
      expect((await send({ event: 'delete-user', email: 'a@b.c', url })).status).toBe(400);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
