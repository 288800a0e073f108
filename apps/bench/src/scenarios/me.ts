import type { Scenario } from '../context.ts';
import { measure } from '../load.ts';
import { signedInPerson } from '../seed.ts';
import { deferApiProfile, ratioRow, referenceRow } from './shared.ts';

/**
 * The session check plus the person (`me.get` with a session cookie) against raw Hono + pg issuing
 * the same SQL in one query. Always profiled: it is the hub's hottest path (every dashboard page).
 */
export const me: Scenario = {
  name: 'authenticated me',
  async run(ctx) {
    const { sessionToken } = await signedInPerson(ctx.hub);
    const headers = { cookie: `accounts_session=${sessionToken}` };
    const url = `${ctx.hubUrl}/trpc/me.get`;
    const check = await fetch(url, { headers });
    if (!check.ok) throw new Error(`me.get answered ${check.status}: ${await check.text()}`);
    const hub = await measure({ url, seconds: ctx.seconds, headers });
    const raw = await measure({ url: `${ctx.baseUrl}/me`, seconds: ctx.seconds, headers });
    const prepared = await measure({ url: `${ctx.baseUrl}/me-prepared`, seconds: ctx.seconds, headers });
    const row = ratioRow('authenticated me vs raw Hono + pg (same SQL)', hub, raw, 0.85);
    // The hub prepares its session check (decision 0065); the row above's baseline does not, as pg
    // does by default. This one prepares too: what is left is the hub's request path alone.
    const reference = referenceRow(
      'authenticated me vs raw Hono + pg (same SQL, also a prepared statement)',
      hub,
      prepared,
    );
    return {
      rows: [row, reference],
      profile: deferApiProfile(ctx, 'Profile: authenticated me.get', { url, headers }, [row]),
    };
  },
};
