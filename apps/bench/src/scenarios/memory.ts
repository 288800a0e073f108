import { mb, type Scenario } from '../context.ts';

const TARGET_BYTES = 200 * 1024 * 1024;

/** One value of the API's /metrics (prom-client's default process and heap gauges). */
export function metricValue(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/** Resident memory of the API process: the maximum over every scenario above, sampled every 200 ms. */
export const memory: Scenario = {
  name: 'memory',
  async run(ctx) {
    const heap = (text: string) => {
      const total = metricValue(text, 'nodejs_heap_size_total_bytes');
      const used = metricValue(text, 'nodejs_heap_size_used_bytes');
      const external = metricValue(text, 'nodejs_external_memory_bytes');
      return total !== null && used !== null
        ? `V8 heap ${mb(used)} used of ${mb(total)}${external !== null ? `, ${mb(external)} external` : ''}`
        : 'heap figures unavailable';
    };
    const authorization = `Bearer ${ctx.apiEnv.METRICS_TOKEN}`;
    const atEnd = heap(await (await fetch(`${ctx.hubUrl}/metrics`, { headers: { authorization } })).text());
    const atStart = heap(ctx.apiMetricsAtStart);
    const max = ctx.apiRss.stop();
    const start = ctx.apiRss.first();
    const baselineMax = ctx.baselineRss.stop();
    const met = max > 0 && max < TARGET_BYTES;
    const peaks = ctx.rssPeaks.filter((peak) => peak.bytes > 0);
    const highest = [...peaks].sort((a, b) => b.bytes - a.bytes)[0];
    return {
      rows: [
        {
          scenario: 'API resident memory, max over the whole run',
          measured: `${mb(max)} (${mb(start)} idle after start-up)`,
          baseline: `${mb(baselineMax)} (raw Hono + pg process)`,
          ratio: '',
          target: '< 200 MB',
          met: met ? 'yes' : 'no',
          ...(met
            ? {}
            : {
                why: `the API holds ${mb(start)} idle right after start-up (${atStart}) and grew to ${mb(max)} under the load above${highest ? `, highest during "${highest.scenario}"` : ''} (${atEnd} once it was over).`,
              }),
        },
      ],
      sections: [
        `**Memory** is the API process's resident set (VmRSS), sampled every 200 ms from the moment it
answered /readyz to the end of the last load run (the CPU profiles come after, in a fresh process); heap figures
are prom-client's from the API's /metrics. The baseline is the raw Hono + pg process over the same run.
Highest during each scenario: ${peaks.map((peak) => `${peak.scenario} ${mb(peak.bytes)}`).join(', ')}.`,
      ],
    };
  },
};
