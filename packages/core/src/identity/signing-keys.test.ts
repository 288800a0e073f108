import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import { SigningKey } from './entities.ts';
import { signAccessToken } from './signing-keys.ts';

describe('the first signing key', () => {
  const hub = useTestHub(() => testConfig());

  it('is made once when several processes sign their first token at the same moment', async () => {
    const claims = {
      sub: crypto.randomUUID(),
      aud: 'app',
      client_id: crypto.randomUUID(),
      sid: crypto.randomUUID(),
      email: 'first@example.test',
      email_verified: true,
    };
    // A config object per caller: each has its own key cache, as separate processes would.
    const signed = await Promise.all(
      Array.from({ length: 4 }, () => signAccessToken(hub().orm.em.fork(), { ...hub().config }, claims)),
    );
    expect(signed).toHaveLength(4);
    expect(await hub().orm.em.fork().count(SigningKey, {})).toBe(1);
  });
});
