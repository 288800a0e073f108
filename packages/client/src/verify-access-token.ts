import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

/** The claims of the hub's access tokens (ES256 JWTs, 10 minutes). */
export interface AccessTokenClaims {
  /** The hub's public URL. */
  iss: string;
  /** The person's id. */
  sub: string;
  /** The client environment's id the token was issued to. */
  aud: string;
  client_id: string;
  /** The hub session behind the token. */
  sid: string;
  email: string;
  /**
   * Whether the hub knows the person controls `email` (Mozilla accounts confirmed it, or staff
   * created the account). False for a self sign-up with a password: do not treat such an address
   * as proof of identity (CONTRACTS.md). Read as false when absent.
   */
  email_verified: boolean;
  iat: number;
  exp: number;
  jti: string;
}

export interface VerifyAccessTokenOptions {
  /** The hub's public URL: the issuer, and where `/.well-known/jwks.json` lives. */
  hubUrl: string;
  /** Your environment's id: tokens issued to any other environment are refused. */
  audience: string;
  /** Allowed clock difference in seconds (default 5). */
  clockToleranceSeconds?: number;
}

export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  /** A jose error code such as ERR_JWT_EXPIRED, or ERR_CLAIMS for a missing or mistyped claim. */
  readonly code: string;
  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

// One key set per hub: jose caches the keys and refetches on an unknown kid (rate limited).
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(hubUrl: string) {
  let keySet = keySets.get(hubUrl);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(`${hubUrl}/.well-known/jwks.json`));
    keySets.set(hubUrl, keySet);
  }
  return keySet;
}

const STRING_CLAIMS = ['iss', 'sub', 'client_id', 'sid', 'email', 'jti'] as const;

/**
 * Tokens this process has verified, until they expire: an app's server sees the same token on each
 * of its person's requests, and the ES256 check is most of the cost of verifying one. Bounded,
 * oldest out; only successes are remembered, keyed by hub, audience and the whole token.
 */
const remembered = new Map<string, AccessTokenClaims>();
const REMEMBERED_MAX = 5_000;

/**
 * Verifies an access token offline against the hub's published keys: signature (ES256 only),
 * issuer, audience, expiry, and the presence of every claim. Throws AccessTokenError otherwise.
 */
export async function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<AccessTokenClaims> {
  const hubUrl = options.hubUrl.replace(/\/+$/, '');
  const tolerance = options.clockToleranceSeconds ?? 5;
  const key = `${hubUrl} ${options.audience} ${token}`;
  const known = remembered.get(key);
  if (known) {
    // jose's rule: expired once exp <= now - tolerance.
    if (known.exp > Math.floor(Date.now() / 1000) - tolerance) return { ...known };
    remembered.delete(key);
  }
  const claims = await verifySignedToken(token, hubUrl, options.audience, tolerance);
  if (remembered.size >= REMEMBERED_MAX) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, claims);
  return { ...claims };
}

async function verifySignedToken(
  token: string,
  hubUrl: string,
  audience: string,
  tolerance: number,
): Promise<AccessTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySetFor(hubUrl), {
      issuer: hubUrl,
      audience,
      algorithms: ['ES256'],
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
      clockTolerance: tolerance,
    }));
  } catch (error) {
    const code = error instanceof errors.JOSEError ? error.code : 'ERR_UNKNOWN';
    const message = error instanceof Error ? error.message : String(error);
    throw new AccessTokenError(`The access token was refused: ${message}`, code, { cause: error });
  }
  for (const claim of STRING_CLAIMS) {
    if (typeof payload[claim] !== 'string' || payload[claim] === '') {
      throw new AccessTokenError(`The access token has no "${claim}" claim.`, 'ERR_CLAIMS');
    }
  }
  if (typeof payload.aud !== 'string' || typeof payload.iat !== 'number' || typeof payload.exp !== 'number') {
    throw new AccessTokenError('The access token has malformed aud, iat or exp claims.', 'ERR_CLAIMS');
  }
  return {
    iss: payload.iss as string,
    sub: payload.sub as string,
    aud: payload.aud,
    client_id: payload.client_id as string,
    sid: payload.sid as string,
    email: payload.email as string,
    email_verified: payload.email_verified === true,
    iat: payload.iat,
    exp: payload.exp,
    jti: payload.jti as string,
  };
}
