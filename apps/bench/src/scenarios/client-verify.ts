import type { Scenario } from '../context.ts';
import { measure } from '../load.ts';
import { accessTokenFor, clientApp, signedInPerson } from '../seed.ts';
import { deferApiProfile, ratioRow, referenceRow } from './shared.ts';

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
    // The fair baseline: raw Hono + pg + jose doing the same queries and the same ES256 check.
    const fair = { ...load, url: `${ctx.baseUrl}/client-auth/verify` };
    const fairCheck = await fetch(fair.url, { method: 'POST', headers, body });
    const fairAnswer = (await fairCheck.json()) as { result?: { data?: { json?: { active?: boolean } } } };
    if (fairAnswer.result?.data?.json?.active !== true) {
      throw new Error(`the raw verify baseline did not accept the seeded token: HTTP ${fairCheck.status}`);
    }
    const verified = await measure({ ...load, seconds: ctx.seconds });
    const raw = await measure({ ...fair, seconds: ctx.seconds });
    const rawPrepared = await measure({ ...fair, url: `${fair.url}-prepared`, seconds: ctx.seconds });
    const json = await measure({ url: `${ctx.baseUrl}/json`, seconds: ctx.seconds });
    if (!(await active())) throw new Error('the access token stopped verifying during the run');
    const fairRow = ratioRow(
      'client app token verification (clientAuth.verify) vs raw Hono + pg + jose (same queries, same ES256 check)',
      verified,
      raw,
      0.85,
    );
    // For reference: the same baseline with its statements prepared, as the hub's are (decision 0065).
    const preparedRow = referenceRow(
      'client app token verification (clientAuth.verify) vs raw Hono + pg + jose (same queries, also prepared statements)',
      verified,
      rawPrepared,
    );
    // For reference: against a route that touches no database.
    const row = ratioRow(
      'client app token verification (clientAuth.verify) vs raw Hono JSON',
      verified,
      json,
      0.25,
    );

    // The other way an app checks a token: offline, in its own server, with @accounts/client.
    const offline = {
      url: `${ctx.baseUrl}/client-app/verify?aud=${app.environmentId}`,
      method: 'POST' as const,
      headers: { authorization: `Bearer ${accessToken}` },
    };
    const check = await fetch(offline.url, { method: 'POST', headers: offline.headers });
    if (!check.ok) throw new Error(`the offline verifier refused the seeded token: HTTP ${check.status}`);
    const offlineLoad = await measure({ ...offline, seconds: ctx.seconds });
    const offlineJson = await measure({ url: `${ctx.baseUrl}/json`, seconds: ctx.seconds });
    const offlineRow = ratioRow(
      "client app token verification offline (the app's Hono server with @accounts/client) vs raw Hono JSON",
      offlineLoad,
      offlineJson,
      0.25,
    );
    if (offlineRow.met === 'no') {
      offlineRow.why = `${(offlineLoad.requestsPerSecond / offlineJson.requestsPerSecond).toFixed(2)}x: every request checks the ES256 signature with jose (WebCrypto); no database, no hub.`;
    }
    const rows = [fairRow, preparedRow, row, offlineRow];
    const sections = [
      `**Client app token verification** is \`POST /trpc/clientAuth.verify\` with the environment token in
\`Authorization: Bearer acc_env_…\` and the access token in the body: the environment and its client
are found by the token's SHA-256, the ES256 access token's expiry and audience are checked (its
signature once per process: the result is remembered until the token expires, as an app's server
verifies the same token on each of its requests), and the hub session behind it is read (online
revocation). Every answer was \`{ active: true }\` before and after the run. Its fair baseline is
a raw Hono + pg + jose route in the baseline process doing the same work: the environment token
and its client by the token's SHA-256 and the session by (sid, sub), with the hub's statements (two
round trips), and the same ES256 check with jose against the hub's JWKS, remembered per token
until it expires as the hub does. The hub makes one round trip: it checks the signature first and
reads the environment token and the session in one statement (decision 0064). The raw Hono JSON
row, which touches no database, is kept for reference.
The offline row is the other way an app can check a token: its own Hono route calling
\`verifyAccessToken\` from \`@accounts/client\` (signature, issuer, audience, expiry against the
hub's JWKS, fetched once and cached by jose), in the baseline process, against the same raw route.
It cannot see a session that ended, which is what the online check is for.`,
    ];
    const missed = [fairRow, row].filter((one) => one.met === 'no');
    if (!missed.length) return { rows, sections };
    return {
      rows,
      sections,
      profile: deferApiProfile(ctx, 'Profile: client app token verification', load, missed),
    };
  },
};
