import {
  publishedJwks,
  ROTATION_LEAD_SECONDS,
  rotateSigningKeys,
  SigningKey,
  signAccessToken,
  verifyAccessToken,
} from '@accounts/core/identity';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';

const claims = {
  sub: crypto.randomUUID(),
  aud: crypto.randomUUID(),
  client_id: crypto.randomUUID(),
  sid: crypto.randomUUID(),
  email: 'a@example.test',
  email_verified: false,
};

describe('signing keys and the JWKS', () => {
  const hub = useTestHub(() => testConfig());

  async function jwks() {
    const response = await testApp({ hub: hub() }).request('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    return (await response.json()) as { keys: { kid: string; kty: string; d?: string }[] };
  }

  it('creates the first key on demand and publishes only public parts', async () => {
    const published = await jwks();
    expect(published.keys).toHaveLength(1);
    expect(published.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(published.keys[0]!.d).toBeUndefined();
    const row = await hub()
      .orm.em.fork()
      .findOneOrFail(SigningKey, { kid: published.keys[0]!.kid }, { populate: ['privateKey'] });
    expect(Buffer.from(row.privateKey).toString('utf8')).not.toContain('"d"');
  });

  it('publishes a rotated key before it signs, and keeps the retired key published until its tokens expire', async () => {
    const em = hub().orm.em.fork();
    const before = await signAccessToken(em, hub().config, claims);
    const oldKid = decodeProtectedHeader(before.token).kid!;
    const rotation = await rotateSigningKeys(em, hub().config);
    expect(rotation.activatesAt.getTime() - Date.now()).toBeGreaterThan((ROTATION_LEAD_SECONDS - 5) * 1000);
    const published = (await jwks()).keys.map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([oldKid, rotation.kid]));
    // Not yet active: tokens are still signed with the old key.
    const during = await signAccessToken(hub().orm.em.fork(), hub().config, claims);
    expect(decodeProtectedHeader(during.token).kid).toBe(oldKid);

    // Time passes: the new key becomes active; the old one stops signing but still verifies.
    await hub()
      .orm.em.fork()
      .nativeUpdate(
        SigningKey,
        { kid: { $in: [oldKid, rotation.kid] } },
        { activatesAt: new Date(Date.now() - 1000) },
      );
    await hub()
      .orm.em.fork()
      .nativeUpdate(SigningKey, { kid: oldKid }, { retiresAt: new Date(Date.now() - 500) });
    const fresh = await rotateSigningKeys(hub().orm.em.fork(), hub().config, 3600);
    const after = await signAccessToken(hub().orm.em.fork(), hub().config, claims);
    expect(decodeProtectedHeader(after.token).kid).toBe(rotation.kid);
    expect(fresh.kid).not.toBe(rotation.kid);
    const set = createLocalJWKSet((await jwks()) as never);
    await jwtVerify(before.token, set);
    await jwtVerify(after.token, set);
    expect(await verifyAccessToken(hub().orm.em.fork(), hub().config, before.token)).toMatchObject({
      sub: claims.sub,
    });

    // Once expired, the old key leaves the JWKS and its tokens no longer verify.
    await hub()
      .orm.em.fork()
      .nativeUpdate(SigningKey, { kid: oldKid }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await publishedJwks(hub().orm.em.fork(), hub().config)).keys.map((key) => key.kid)).not.toContain(
      oldKid,
    );
  });
});
