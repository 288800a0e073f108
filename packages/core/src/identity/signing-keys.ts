import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { HubConfig } from '../kernel/config.ts';
import type { SealedColumn } from '../kernel/crypto/reseal.ts';
import { openText, seal } from '../kernel/crypto/sealed-box.ts';
import { query } from '../kernel/db/runner.ts';
import { sql } from '../kernel/db/sql.ts';
import { SigningKey } from './entities.ts';

/**
 * JWT signing keys for client apps' access tokens, kept in the database so every API process signs
 * with the same key and publishes the same JWKS.
 *
 * Rotation: a new key is published ROTATION_LEAD_SECONDS before it starts signing (longer than the
 * JWKS cache time, so verifiers already have it); the old key stops signing at that moment and stays
 * published until the last token it signed has expired.
 */
export const ALGORITHM = 'ES256';
export const ACCESS_TOKEN_SECONDS = 10 * 60;
export const JWKS_CACHE_SECONDS = 5 * 60;
export const ROTATION_LEAD_SECONDS = 2 * JWKS_CACHE_SECONDS + 60;
/** Clock skew allowance before a retired key leaves the JWKS. */
const EXPIRY_MARGIN_SECONDS = 5 * 60;
/** Local cache of the signing keys; activation times are absolute, so staleness is harmless. */
const CACHE_MS = 60_000;

const privateContext = (kid: string) => `signing-key:${kid}`;

/** The private keys, for `keys:reseal`. */
export const SEALED_SIGNING_KEYS: SealedColumn = {
  entity: SigningKey as EntityName<object>,
  property: 'privateKey',
  contextProperty: 'kid',
  context: privateContext,
};

interface LoadedKey {
  kid: string;
  activatesAt: number;
  retiresAt: number | null;
  privateKey: CryptoKey;
}

const signingCache = new WeakMap<HubConfig, { keys: LoadedKey[]; loadedAt: number }>();
const publicCache = new Map<string, CryptoKey>();

async function createKey(em: EntityManager, config: HubConfig, activatesAt: Date) {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = `${activatesAt.toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
  const privateJwk = JSON.stringify(await exportJWK(privateKey));
  return em.create(SigningKey, {
    kid,
    algorithm: ALGORITHM,
    publicJwk: publicJwk as Record<string, unknown>,
    privateKey: seal(config.encryptionKeys, privateJwk, privateContext(kid)),
    activatesAt,
    retiresAt: null,
    expiresAt: null,
  });
}

/**
 * Serializes key creation across processes, so two first requests do not make two keys: a lock
 * held until em's transaction ends.
 */
async function lockKeys(em: EntityManager): Promise<void> {
  await query(em, sql`select pg_advisory_xact_lock(hashtext('accounts-hub:signing-keys'))`);
}

/** The first key, created and published at once when there is none (a fresh installation). */
async function ensureSigningKey(em: EntityManager, config: HubConfig): Promise<void> {
  await em.transactional(async (tx) => {
    await lockKeys(tx);
    const now = new Date();
    const usable = await tx.count(SigningKey, {
      activatesAt: { $lte: now },
      $or: [{ retiresAt: null }, { retiresAt: { $gt: now } }],
    });
    if (usable === 0) await createKey(tx, config, now);
  });
}

async function loadSigningKeys(em: EntityManager, config: HubConfig): Promise<LoadedKey[]> {
  const cached = signingCache.get(config);
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.keys;
  const rows = await em.find(
    SigningKey,
    { $or: [{ retiresAt: null }, { retiresAt: { $gt: new Date() } }] },
    { populate: ['privateKey'], orderBy: { activatesAt: 'desc' } },
  );
  const keys: LoadedKey[] = [];
  for (const row of rows) {
    const jwk = JSON.parse(
      openText(config.encryptionKeys, Buffer.from(row.privateKey), privateContext(row.kid)),
    ) as JWK;
    keys.push({
      kid: row.kid,
      activatesAt: row.activatesAt.getTime(),
      retiresAt: row.retiresAt?.getTime() ?? null,
      privateKey: (await importJWK(jwk, ALGORITHM)) as CryptoKey,
    });
  }
  signingCache.set(config, { keys, loadedAt: Date.now() });
  return keys;
}

function pickActive(keys: LoadedKey[], now: number): LoadedKey | undefined {
  return keys.find((key) => key.activatesAt <= now && (key.retiresAt === null || key.retiresAt > now));
}

async function activeKey(em: EntityManager, config: HubConfig): Promise<LoadedKey> {
  let key = pickActive(await loadSigningKeys(em, config), Date.now());
  if (!key) {
    signingCache.delete(config);
    await ensureSigningKey(em, config);
    key = pickActive(await loadSigningKeys(em, config), Date.now());
  }
  if (!key) throw new Error('no signing key could be made active');
  return key;
}

export interface AccessTokenClaims {
  sub: string;
  aud: string;
  client_id: string;
  sid: string;
  email: string;
  /** OpenID Connect's claim name: see `emailVerified` of the user in kernel/events/event-payloads.ts. */
  email_verified: boolean;
}

export async function signAccessToken(
  em: EntityManager,
  config: HubConfig,
  claims: AccessTokenClaims,
): Promise<{ token: string; expiresAt: Date }> {
  const key = await activeKey(em, config);
  const issuedAt = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    client_id: claims.client_id,
    sid: claims.sid,
    email: claims.email,
    email_verified: claims.email_verified,
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(config.publicUrl)
    .setSubject(claims.sub)
    .setAudience(claims.aud)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
  return { token, expiresAt: new Date((issuedAt + ACCESS_TOKEN_SECONDS) * 1000) };
}

/** The public keys to publish: the signing one, the next one, and retired ones still verifying tokens. */
export async function publishedJwks(em: EntityManager, config: HubConfig): Promise<{ keys: JWK[] }> {
  await activeKey(em, config);
  const rows = await em.find(
    SigningKey,
    { $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }] },
    { orderBy: { activatesAt: 'desc' } },
  );
  return { keys: rows.map((row) => row.publicJwk as JWK) };
}

// Our tokens carry one audience (the environment), so `aud` is a string, not jose's string | string[].
export type VerifiedAccessToken = AccessTokenClaims &
  Omit<JWTPayload, 'aud'> & { jti: string; iat: number; exp: number };

/**
 * Tokens whose signature this process has already checked, until they expire. A client app's
 * server verifies the same access token on each of its own requests, and the ES256 check is the
 * largest single cost of `clientAuth.verify`; the result of that check cannot change before the
 * token's `exp`. Only the signature, issuer and claim shapes are remembered: audience,
 * environment and session are checked on every call by the callers.
 */
const verifiedTokens = new Map<string, VerifiedAccessToken>();
const VERIFIED_TOKENS_MAX = 10_000;

/** Verifies one of our access tokens against the published keys; null when it is not valid. */
export async function verifyAccessToken(
  em: EntityManager,
  config: HubConfig,
  token: string,
): Promise<VerifiedAccessToken | null> {
  const cacheKey = `${config.publicUrl} ${token}`;
  const remembered = verifiedTokens.get(cacheKey);
  if (remembered) {
    // jose's own rule: expired once now >= exp (no clock tolerance is configured).
    if (Math.floor(Date.now() / 1000) < remembered.exp) return remembered;
    verifiedTokens.delete(cacheKey);
  }
  const claims = await verifySignature(em, config, token);
  if (claims) {
    // Oldest first out: Map keeps insertion order.
    if (verifiedTokens.size >= VERIFIED_TOKENS_MAX)
      verifiedTokens.delete(verifiedTokens.keys().next().value!);
    verifiedTokens.set(cacheKey, claims);
  }
  return claims;
}

async function verifySignature(
  em: EntityManager,
  config: HubConfig,
  token: string,
): Promise<VerifiedAccessToken | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const kid = header.kid ?? '';
        let key = publicCache.get(kid);
        if (!key) {
          const row = await em.findOne(SigningKey, {
            kid,
            $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }],
          });
          if (!row) throw new Error('unknown key');
          key = (await importJWK(row.publicJwk as JWK, ALGORITHM)) as CryptoKey;
          publicCache.set(kid, key);
        }
        return key;
      },
      { issuer: config.publicUrl, algorithms: [ALGORITHM], requiredClaims: ['sub', 'aud', 'exp', 'jti'] },
    );
    const claims = payload as Partial<VerifiedAccessToken>;
    if (typeof claims.sid !== 'string' || typeof claims.client_id !== 'string') return null;
    return Object.freeze(claims) as VerifiedAccessToken;
  } catch {
    return null;
  }
}

export interface RotationResult {
  kid: string;
  activatesAt: Date;
  retired: { kid: string; retiresAt: Date; expiresAt: Date }[];
}

/**
 * Adds a key that starts signing after `leadSeconds` (published from now on) and retires the
 * current ones at that moment. Keys whose tokens have all expired are deleted.
 */
export async function rotateSigningKeys(
  em: EntityManager,
  config: HubConfig,
  leadSeconds = ROTATION_LEAD_SECONDS,
): Promise<RotationResult> {
  const result = await em.transactional(async (tx) => {
    await lockKeys(tx);
    const now = Date.now();
    const pending = new Date(now + leadSeconds * 1000);
    const current = await tx.find(SigningKey, {
      $or: [{ retiresAt: null }, { retiresAt: { $gt: pending } }],
    });
    // With nothing signing yet there is nobody to warn: the first key starts at once.
    const activatesAt = current.length ? pending : new Date(now);
    const expiresAt = new Date(activatesAt.getTime() + (ACCESS_TOKEN_SECONDS + EXPIRY_MARGIN_SECONDS) * 1000);
    for (const key of current) {
      key.retiresAt = activatesAt;
      key.expiresAt = expiresAt;
    }
    const created = await createKey(tx, config, activatesAt);
    await tx.nativeDelete(SigningKey, { expiresAt: { $lt: new Date(now - 86_400_000) } });
    return {
      kid: created.kid,
      activatesAt,
      retired: current.map((key) => ({ kid: key.kid, retiresAt: activatesAt, expiresAt })),
    };
  });
  signingCache.delete(config);
  return result;
}
