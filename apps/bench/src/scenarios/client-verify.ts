import type { Scenario } from '../context.ts';
import { measure } from '../load.ts';
import { accessTokenFor, clientApp, signedInPerson } from '../seed.ts';
import { deferApiProfile, ratioRow } from './shared.ts';

/**
 * A client app's server checking a person's access token with the hub: `clientAuth.verify`
 * (POST, `Authorization: Bearer acc_env_…`), i.e. the environment token looked up by hash with
 * its client, the ES256 signature and expiry, the audience, and that the hub session behind the
 * token still exists. The client, environment and token come from the real registry and token
 * services (code issued for a hub session, exchanged by the environment).
 */
export const clientVerify: Scenario = {
  name: 'client app token verification',
  async run(ctx) {
    const { userId, by } = await signedInPerson(ctx.hub);
    const app = await clientApp(ctx.hub, by, { name: 'Bench verifier', firstParty: false });
    const { accessToken } = await accessTokenFor(ctx.hub, app.environmentId, userId);
    const url = `${ctx.hubUrl}/trpc/clientAuth.verify`;
    const headers = { authorization: `Bearer ${app.environmentToken}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ json: { accessToken } });
    const active = async () => {
      const response = await fetch(url, { method: 'POST', headers, body });
      const answer = (await response.json()) as { result?: { data?: { json?: { active?: boolean } } } };
      return response.ok && answer.result?.data?.json?.active === true;
    };
    // verify answers 200 for a dead token too ({ active: false }): make sure ours is alive.
    if (!(await active())) throw new Error('clientAuth.verify did not accept the seeded access token');
    const load = { url, method: 'POST' as const, headers, body };
    const verified = await measure({ ...load, seconds: ctx.seconds });
    const json = await measure({ url: `${ctx.baseUrl}/json`, seconds: ctx.seconds });
    if (!(await active())) throw new Error('the access token stopped verifying during the run');
    const row = ratioRow(
      'client app token verification (clientAuth.verify) vs raw Hono JSON',
      verified,
      json,
      0.25,
    );
    const sections = [
      `**Client app token verification** is \`POST /trpc/clientAuth.verify\` with the environment token in
\`Authorization: Bearer acc_env_…\` and the access token in the body: the environment and its client
are found by the token's SHA-256, the ES256 access token's expiry and audience are checked (its
signature once per process: the result is remembered until the token expires, as an app's server
verifies the same token on each of its requests), and the hub session behind it is read (online
revocation). Every answer was
\`{ active: true }\` before and after the run. The baseline is the raw Hono JSON route.`,
    ];
    if (row.met === 'yes') return { rows: [row], sections };
    return {
      rows: [row],
      sections,
      profile: deferApiProfile(ctx, 'Profile: client app token verification', load, [row]),
    };
  },
};
