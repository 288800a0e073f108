import type { BenchContext, DeferredProfile } from '../context.ts';
import { type ProfileSummary, renderProfile, summarizeProfile, topPackagesLine } from '../cpuprofile.ts';
import { profileDuring } from '../inspector.ts';
import { describe, type LoadOptions, type LoadResult, measure } from '../load.ts';
import type { Row } from '../report.ts';

/** A row comparing a hub route with its baseline by throughput; failures always miss the goal. */
export function ratioRow(scenario: string, measured: LoadResult, baseline: LoadResult, target: number): Row {
  const ratio = measured.requestsPerSecond / baseline.requestsPerSecond;
  const failures = measured.errors + measured.non2xx;
  const baselineFailures = baseline.errors + baseline.non2xx;
  const met = ratio >= target && failures === 0 && baselineFailures === 0;
  const reasons: string[] = [];
  if (failures) reasons.push(`${failures} requests failed (errors, timeouts or non-2xx answers)`);
  if (baselineFailures) reasons.push(`the baseline had ${baselineFailures} failed requests`);
  if (ratio < target) {
    reasons.push(
      `the hub served ${ratio.toFixed(2)}x of the baseline's throughput, the goal is ${target}x: its request path costs more per request than the goal allows (profile below)`,
    );
  }
  return {
    scenario,
    measured: describe(measured),
    baseline: describe(baseline),
    ratio: `${ratio.toFixed(2)}x`,
    target: `>= ${target}x`,
    met: met ? 'yes' : 'no',
    ...(met ? {} : { why: `${reasons.join('; ')}.` }),
  };
}

/**
 * A comparison shown for reference, with nothing to meet: e.g. against a baseline that also runs
 * its statements prepared, which shows what the hub's request path costs with the database work
 * made equal.
 */
export function referenceRow(scenario: string, measured: LoadResult, baseline: LoadResult): Row {
  const failures = measured.errors + measured.non2xx + baseline.errors + baseline.non2xx;
  if (failures) throw new Error(`${scenario}: ${failures} requests failed, the comparison means nothing`);
  return {
    scenario,
    measured: describe(measured),
    baseline: describe(baseline),
    ratio: `${(measured.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}x`,
    target: '—',
    met: '—',
  };
}

/** Profiles the API while the same load runs again, not counted: see DeferredProfile. */
export function deferApiProfile(
  ctx: BenchContext,
  title: string,
  options: Omit<LoadOptions, 'seconds'>,
  rows: Row[],
): DeferredProfile {
  return {
    rows,
    async take() {
      const { result, profile } = await profileDuring(ctx.apiInspectPort, () =>
        measure({ ...options, seconds: ctx.seconds }),
      );
      const summary = summarizeProfile(profile);
      const heading = `${title} (a fresh API process after all measurements, ${ctx.seconds} s of the same load: ${describe(result)} while sampled)`;
      return { summary, section: renderProfile(heading, summary) };
    },
  };
}

/** Adds "busiest in its profile: …" to a missed row's reason. */
export function addProfileHint(row: Row, summary: ProfileSummary, whose = 'its'): void {
  if (row.met !== 'no') return;
  row.why = `${row.why ?? ''} Busiest in ${whose} profile: ${topPackagesLine(summary)}.`.trim();
}
