// Lighthouse (performance, accessibility) with Debian's Chromium, nothing reaching past 127.0.0.1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHROMIUM, HEADLESS_CHROMIUM_FLAGS } from '@accounts/devkit/chromium';
import { freePort } from '@accounts/devkit/postgres';
import lighthouse, { type Result } from 'lighthouse';
import { type Children, waitForHttp } from './children.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  /** Where the page ended up (a signed-in page that redirected to sign-in would show here). */
  finalUrl: string;
  metrics: { fcpMs: number; lcpMs: number; tbtMs: number; cls: number };
  /** Titles of the audits that failed (score below 0.9), worst first. */
  failing: string[];
  warnings: string[];
  /**
   * What blocked the main thread (to find what costs total blocking time): the longest tasks
   * with the script they are charged to, and main-thread time by kind of work.
   */
  blocking: { longTasks: string[]; byKind: string[] };
}

interface DetailsItems {
  items?: Record<string, unknown>[];
}

function items(lhr: Result, id: string): Record<string, unknown>[] {
  return ((lhr.audits[id]?.details as DetailsItems | undefined)?.items ?? []) as Record<string, unknown>[];
}

/** A URL as its path on our origin ("/assets/index-abc.js"), anything else as Lighthouse names it. */
function shortUrl(url: unknown): string {
  try {
    return new URL(String(url)).pathname;
  } catch {
    return String(url);
  }
}

export interface Browser {
  port: number;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile; its resolver answers nothing but 127.0.0.1. */
export async function launchChromium(children: Children): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'accounts-bench-chromium-'));
  const port = await freePort();
  const started = children.start(
    'chromium',
    CHROMIUM,
    [
      ...HEADLESS_CHROMIUM_FLAGS,
      '--disable-default-apps',
      '--disable-extensions',
      '--metrics-recording-only',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      `--user-data-dir=${profile}`,
      '--remote-debugging-address=127.0.0.1',
      `--remote-debugging-port=${port}`,
      'about:blank',
    ],
    {},
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/json/version`, started);
  } catch (error) {
    await children.stop(started);
    removeProfile(profile);
    throw error;
  }
  return {
    port,
    async close() {
      await children.stop(started, 5000);
      removeProfile(profile);
    },
  };
}

/**
 * Chromium's helper processes may still write into the profile for a moment after the browser
 * stopped (ENOTEMPTY mid-removal): retry, and never fail a measurement over a temp folder.
 */
function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.warn(`bench: could not remove ${profile}: ${(error as Error).message}`);
  }
}

/**
 * One Lighthouse navigation (its default mobile settings, simulated throttling). A run whose
 * trace came out broken (Lighthouse says "run again", e.g. NO_NAVSTART on a busy machine) is
 * run again, at most 3 times.
 */
export async function runLighthouse(
  browser: Browser,
  url: string,
  extraHeaders: Record<string, string> = {},
): Promise<LighthouseScores> {
  let lhr: Result;
  let trace: unknown;
  let devtoolsLog: unknown;
  for (let attempt = 1; ; attempt += 1) {
    const result = await lighthouse(url, {
      port: browser.port,
      hostname: '127.0.0.1',
      logLevel: 'silent',
      output: 'json',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders,
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    lhr = result.lhr;
    trace = result.artifacts.Trace;
    devtoolsLog = { devtoolsLog: result.artifacts.DevtoolsLog, URL: result.artifacts.URL };
    if (!lhr.runtimeError) break;
    if (attempt === 3) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  }
  // Every audit, the trace and the network log of a run, to see what lost the points (what the
  // simulation counted before a paint, which task blocked): BENCH_LIGHTHOUSE_REPORTS names a folder.
  const reportDir = process.env.BENCH_LIGHTHOUSE_REPORTS;
  if (reportDir) {
    const name = `${new URL(url).pathname.replace(/\W+/g, '-')}-${Date.now()}.json`.replace(/^-/, '');
    writeFileSync(join(reportDir, name), JSON.stringify(lhr, null, 1));
    writeFileSync(join(reportDir, name.replace(/\.json$/, '.trace.json')), JSON.stringify(trace));
    // The signed-in run's requests carry the session cookie: it never goes to disk.
    const withoutCookies = JSON.stringify(devtoolsLog, (key, value) =>
      /^cookie$/i.test(key) ? '[not kept]' : value,
    );
    writeFileSync(join(reportDir, name.replace(/\.json$/, '.devtoolslog.json')), withoutCookies);
  }
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const auditIds = new Set(
    Object.values(lhr.categories).flatMap((category) => category.auditRefs.map((ref) => ref.id)),
  );
  const failing = Object.values(lhr.audits)
    .filter(
      (audit) =>
        auditIds.has(audit.id) &&
        audit.score !== null &&
        audit.score < 0.9 &&
        ['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode),
    )
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .map((audit) => (audit.displayValue ? `${audit.title} (${audit.displayValue})` : audit.title));
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    finalUrl: lhr.finalDisplayedUrl,
    metrics: {
      fcpMs: numeric('first-contentful-paint'),
      lcpMs: numeric('largest-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
    },
    failing,
    warnings: lhr.runWarnings,
    blocking: {
      longTasks: items(lhr, 'long-tasks')
        .slice(0, 5)
        .map(
          (task) =>
            `${Math.round(Number(task.duration))} ms at ${Math.round(Number(task.startTime))} ms (${shortUrl(task.url)})`,
        ),
      byKind: items(lhr, 'mainthread-work-breakdown')
        .slice(0, 4)
        .map((kind) => `${String(kind.groupLabel ?? kind.group)} ${Math.round(Number(kind.duration))} ms`),
    },
  };
}
