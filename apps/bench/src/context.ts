import type { Hub } from '@accounts/core/kernel';
import type { Children, RssSampler, Started } from './children.ts';
import type { ProfileSummary } from './cpuprofile.ts';
import type { Row } from './report.ts';

/** What every scenario gets: where things run, the knobs, and the run's processes. */
export interface BenchContext {
  root: string;
  seconds: number;
  accounts: number;
  webhookEvents: number;
  databaseUrl: string;
  /** The API under test, as `pnpm start` runs it. */
  hubUrl: string;
  /** Replaced by a fresh one for the CPU profiles at the end. */
  api: Started;
  /** The API's inspector port (127.0.0.1), for CPU profiles of a scenario. */
  apiInspectPort: number;
  /** The environment the API runs with; the worker gets the same. */
  apiEnv: Record<string, string>;
  /** The baseline server (raw Hono JSON, raw Hono + pg). */
  baseUrl: string;
  /** Resident memory of the API and of the baseline server, sampled over the whole run. */
  apiRss: RssSampler;
  /** The API's highest resident memory during each scenario so far. */
  rssPeaks: { scenario: string; bytes: number }[];
  /** The API's /metrics right after start-up (heap figures for the memory row). */
  apiMetricsAtStart: string;
  baselineRss: RssSampler;
  /** The bench's own connection, with the API's configuration, to seed through the real services. */
  hub: Hub;
  children: Children;
  logDir: string;
}

/**
 * A CPU profile of the API under a scenario's load, taken after every measurement (sampling
 * slows the process, and the profiler grows its memory for good).
 */
export interface DeferredProfile {
  /** The rows it explains: a missed one gets the profile's busiest packages in its "why". */
  rows: Row[];
  take(): Promise<{ summary: ProfileSummary; section: string }>;
}

export interface ScenarioResult {
  rows: Row[];
  /** Markdown paragraphs for docs/benchmarks.md: what exactly was measured, and how. */
  sections?: string[];
  profile?: DeferredProfile;
}

export interface Scenario {
  name: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
