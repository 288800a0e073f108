import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccessTokenError, verifyAccessToken } from './verify-access-token.ts';

// A stand-in for the hub's /.well-known/jwks.json on loopback, publishing one ES256 key.
describe('verifyAccessToken', () => {
  let server: Server;
  let hubUrl: string;
  let privateKey: CryptoKey;
  let jwksRequests = 0;
  const kid = 'key-2026-11';
  const audience = crypto.randomUUID();
  const clientId = crypto.randomUUID();

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
    server = createServer((request, response) => {
      if (request.url === '/.well-known/jwks.json') {
        jwksRequests += 1;
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ keys: [publicJwk] }));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    vi.useRealTimers();
  });

  function token(
    overrides: {
      claims?: Record<string, unknown>;
      issuer?: string;
      audience?: string;
      expiresIn?: string | number;
      key?: CryptoKey;
      kid?: string;
    } = {},
  ) {
    return new SignJWT({
      client_id: clientId,
      sid: crypto.randomUUID(),
      email: 'dana@example.test',
      ...overrides.claims,
    })
      .setProtectedHeader({ alg: 'ES256', kid: overrides.kid ?? kid })
      .setIssuer(overrides.issuer ?? hubUrl)
      .setSubject('5a7c1c0e-5f0e-4a57-9d59-8a0b8d1f0c11')
      .setAudience(overrides.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(overrides.expiresIn ?? '10m')
      .setJti(crypto.randomUUID())
      .sign(overrides.key ?? privateKey);
  }

  async function refusal(promise: Promise<unknown>): Promise<AccessTokenError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof AccessTokenError) return error;
      throw error;
    }
    throw new Error('expected the token to be refused');
  }

  it('returns the claims of a token the hub signed for this environment', async () => {
    const claims = await verifyAccessToken(await token({ claims: { email_verified: true } }), {
      hubUrl: `${hubUrl}/`,
      audience,
    });
    expect(claims).toMatchObject({
      iss: hubUrl,
      sub: '5a7c1c0e-5f0e-4a57-9d59-8a0b8d1f0c11',
      aud: audience,
      client_id: clientId,
      email: 'dana@example.test',
      email_verified: true,
    });
    // An unverified address, and a token without the claim, read as unverified.
    for (const claims of [{ email_verified: false }, {}, { email_verified: 'true' }]) {
      expect((await verifyAccessToken(await token({ claims }), { hubUrl, audience })).email_verified).toBe(
        false,
      );
    }
    expect(claims.exp - claims.iat).toBe(600);
    expect(jwksRequests).toBe(1); // the key set is cached
  });

  it('refuses tokens for another environment, from another issuer, expired, or missing a claim', async () => {
    expect(
      (await refusal(verifyAccessToken(await token({ audience: crypto.randomUUID() }), { hubUrl, audience })))
        .code,
    ).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect(
      (
        await refusal(
          verifyAccessToken(await token({ issuer: 'https://evil.example' }), { hubUrl, audience }),
        )
      ).code,
    ).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    const expired = await token({ expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await refusal(verifyAccessToken(expired, { hubUrl, audience }))).code).toBe('ERR_JWT_EXPIRED');
    const noSession = await token({ claims: { sid: undefined } });
    expect((await refusal(verifyAccessToken(noSession, { hubUrl, audience }))).message).toContain('"sid"');
  });

  it('refuses a token signed with a key the hub does not publish, or with a symmetric algorithm', async () => {
    const stranger = await generateKeyPair('ES256');
    const forged = await token({ key: stranger.privateKey });
    expect((await refusal(verifyAccessToken(forged, { hubUrl, audience }))).code).toBe(
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    );
    const hs256 = await new SignJWT({ client_id: clientId, sid: 's', email: 'e@example.test' })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer(hubUrl)
      .setSubject('x')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .setJti('j')
      .sign(new TextEncoder().encode('a-secret-anyone-could-guess-000000'));
    expect((await refusal(verifyAccessToken(hs256, { hubUrl, audience }))).code).toBe(
      'ERR_JOSE_ALG_NOT_ALLOWED',
    );
    expect((await refusal(verifyAccessToken('not.a.jwt', { hubUrl, audience }))).code).toMatch(/^ERR_/);
  });

  it('remembers a verified token only for its own audience and only until it expires', async () => {
    const issued = await token({ expiresIn: '2m' });
    const claims = await verifyAccessToken(issued, { hubUrl, audience });
    // Seen before, yet still checked against the audience asked for.
    expect((await refusal(verifyAccessToken(issued, { hubUrl, audience: crypto.randomUUID() }))).code).toBe(
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
    );
    // Within the 5 s tolerance after exp it is accepted from memory, as jose would accept it.
    vi.useFakeTimers({ toFake: ['Date'], now: (claims.exp + 4) * 1000 });
    expect(await verifyAccessToken(issued, { hubUrl, audience })).toEqual(claims);
    vi.setSystemTime((claims.exp + 5) * 1000);
    expect((await refusal(verifyAccessToken(issued, { hubUrl, audience }))).code).toBe('ERR_JWT_EXPIRED');
  });
});
