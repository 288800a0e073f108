import type { Scenario } from '../context.ts';
import { measure } from '../load.ts';
import { deferApiProfile, ratioRow } from './shared.ts';

/** tRPC's fixed cost: a procedure that does nothing, against a raw Hono route answering the same JSON. */
export const trpcNoop: Scenario = {
  name: 'tRPC no-op',
  async run(ctx) {
    const url = `${ctx.hubUrl}/trpc/system.ping`;
    const noop = await measure({ url, seconds: ctx.seconds });
    const json = await measure({ url: `${ctx.baseUrl}/json`, seconds: ctx.seconds });
    const row = ratioRow('tRPC no-op (system.ping) vs raw Hono JSON', noop, json, 0.33);
    if (row.met === 'yes') return { rows: [row] };
    return { rows: [row], profile: deferApiProfile(ctx, 'Profile: tRPC no-op', { url }, [row]) };
  },
};
