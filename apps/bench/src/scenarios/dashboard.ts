import { fileURLToPath } from 'node:url';
import { BUDGET_BYTES, measureDist } from '@accounts/dashboard/size-budget';
import { type BenchContext, kb, type Scenario } from '../context.ts';
import { type LighthouseScores, launchChromium, runLighthouse } from '../lighthouse.ts';
import type { Row } from '../report.ts';
import { signedInPerson } from '../seed.ts';

const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Issue 17, item 4 (and issue 15, item 11): on both pages. */
const PERFORMANCE_GOAL = 95;
const ACCESSIBILITY_GOAL = 100;

function lighthouseRow(page: string, scores: LighthouseScores): Row {
  const { fcpMs, lcpMs, tbtMs, cls } = scores.metrics;
  const met = scores.performance >= PERFORMANCE_GOAL && scores.accessibility >= ACCESSIBILITY_GOAL;
  return {
    scenario: `Lighthouse, ${page} (mobile, simulated throttling)`,
    measured: `performance ${scores.performance}, accessibility ${scores.accessibility} (FCP ${seconds(fcpMs)}, LCP ${seconds(lcpMs)}, TBT ${Math.round(tbtMs)} ms, CLS ${cls.toFixed(2)})`,
    baseline: '',
    ratio: '',
    target: `performance >= ${PERFORMANCE_GOAL}, accessibility ${ACCESSIBILITY_GOAL}`,
    met: met ? 'yes' : 'no',
    ...(met ? {} : { why: `longest task: ${scores.blocking.longTasks[0] ?? 'none'}.` }),
  };
}

function lighthouseNotes(page: string, scores: LighthouseScores): string {
  const failing = scores.failing.length ? scores.failing.slice(0, 10).join('; ') : 'none';
  const warnings = scores.warnings.length ? ` Lighthouse warned: ${scores.warnings.join(' ')}` : '';
  const tasks = scores.blocking.longTasks.length ? scores.blocking.longTasks.join('; ') : 'none';
  return `- ${page}: ended at \`${new URL(scores.finalUrl).pathname}\`; audits under 0.9: ${failing}; longest main-thread tasks: ${tasks}; main-thread time: ${scores.blocking.byKind.join(', ')}.${warnings}`;
}

/**
 * The dashboard as the built API serves it: the initial JavaScript of the signed-in overview
 * (the dashboard's own size-budget measurement, imported), and Lighthouse on the sign-in page and
 * on the overview with a real session cookie.
 */
export const dashboard: Scenario = {
  name: 'dashboard',
  async run(ctx: BenchContext) {
    const size = measureDist(DASHBOARD_DIST);
    const sizeMet = size.total <= BUDGET_BYTES;
    const rows: Row[] = [
      {
        scenario: 'dashboard: initial JS of the signed-in overview (gzip)',
        measured: `${kb(size.total)} in ${size.files.length} files`,
        baseline: '',
        ratio: '',
        target: `<= ${kb(BUDGET_BYTES)} (dashboard budget)`,
        met: sizeMet ? 'yes' : 'no',
        ...(sizeMet ? {} : { why: `largest: ${size.files[0]?.file} ${kb(size.files[0]?.bytes ?? 0)}.` }),
      },
    ];
    const { sessionToken } = await signedInPerson(ctx.hub);
    const browser = await launchChromium(ctx.children);
    try {
      const signIn = await runLighthouse(browser, `${ctx.hubUrl}/sign-in`);
      const overview = await runLighthouse(browser, `${ctx.hubUrl}/`, {
        Cookie: `accounts_session=${sessionToken}`,
      });
      rows.push(lighthouseRow('sign-in page', signIn), lighthouseRow('signed-in overview', overview));
      if (new URL(overview.finalUrl).pathname !== '/') {
        rows[rows.length - 1] = {
          ...rows[rows.length - 1]!,
          met: 'error',
          why: `the overview ended at ${overview.finalUrl}, so the session cookie did not take.`,
        };
      }
      return {
        rows,
        sections: [
          `**Dashboard.** The initial JavaScript is what \`apps/dashboard/scripts/check-size.ts\` measures (the entry
chunk, its static imports and the overview page's chunk, gzip level 9), from the build the API served.
Lighthouse 12 ran its default mobile profile (simulated slow 4G, 4x CPU slowdown) against the
built API on 127.0.0.1 with Debian's Chromium (headless, fresh profile, a host resolver that
answers nothing but 127.0.0.1); the overview ran with a real session's cookie as an extra header.

${lighthouseNotes('sign-in page', signIn)}
${lighthouseNotes('signed-in overview', overview)}`,
        ],
      };
    } finally {
      await browser.close();
    }
  },
};
