// `pnpm bench`: starts the built API and the baselines against a fresh database, measures each
// scenario against its baseline in the same run, prints a table of ratios and writes it to
// docs/benchmarks.md. Everything talks to 127.0.0.1 only, runs for a fixed time and stops.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { migrateDatabase } from '@accounts/core/db/migrate';
import { adminQuery, freePort, startEmbeddedPostgres, withDatabase } from '@accounts/devkit/postgres';
import { fillDirectory } from './directory-fixture.ts';
import { measure } from './load.ts';
import { hasPgbench, pgbench } from './pgbench.ts';
import { type Row, renderMarkdown, renderTable } from './report.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const root = fileURLToPath(new URL('../../../', import.meta.url));

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ persistent: false });
const postgresUrl = withDatabase(process.env.DATABASE_URL ?? server!.url, 'postgres');
const database = `accounts_bench_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(postgresUrl, database);
const children: ChildProcess[] = [];

async function main(): Promise<Row[]> {
  await adminQuery(postgresUrl, `CREATE DATABASE ${database}`);
  await migrateDatabase(databaseUrl, { silent: true });
  const sessionToken = randomBytes(32).toString('base64url');
  await adminQuery(
    databaseUrl,
    `with u as (insert into users (email, username) values ('bench@example.test', 'bench') returning id)
     insert into sessions (user_id, token_hash, last_seen_at, expires_at, absolute_expires_at, method)
     select id, $1, now(), now() + interval '1 day', now() + interval '2 days', 'password' from u`,
    [createHash('sha256').update(sessionToken).digest()],
  );
  console.log(`bench: filling a directory of ${ACCOUNTS.toLocaleString('en')} accounts…`);
  await fillDirectory(databaseUrl, ACCOUNTS);

  const [apiPort, basePort] = [await freePort(), await freePort()];
  const api = start(['--max-semi-space-size=8', '--heap-growing-percent=50', 'apps/api/src/server.ts'], {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
    AUTH_SCHEME: 'password',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MAIL_DOMAINS: 'mail.test,alt.test',
    // Production requires Paddle's settings; the bench never talks to Paddle.
    PADDLE_API_KEY: 'pdl_bench_key',
    PADDLE_CLIENT_TOKEN: 'test_bench_client_token',
    PADDLE_WEBHOOK_SECRET: `pdl_ntfset_${randomBytes(12).toString('hex')}`,
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_MS: '0',
  });
  start(['apps/bench/src/baseline-server.ts', databaseUrl, String(basePort)], {});
  const hub = `http://127.0.0.1:${apiPort}`;
  const base = `http://127.0.0.1:${basePort}`;
  await Promise.all([waitFor(`${hub}/healthz`), waitFor(`${base}/json`)]);

  const rows: Row[] = [];
  const rss = sampleRss(api.pid!);

  const noop = await measure({ url: `${hub}/trpc/system.ping`, seconds: SECONDS });
  const json = await measure({ url: `${base}/json`, seconds: SECONDS });
  rows.push(ratioRow('tRPC no-op vs raw Hono JSON', noop, json, 0.33));

  const cookie = { cookie: `accounts_session=${sessionToken}` };
  const me = await measure({ url: `${hub}/trpc/me.get`, seconds: SECONDS, headers: cookie });
  const rawMe = await measure({ url: `${base}/me`, seconds: SECONDS, headers: cookie });
  rows.push(ratioRow('authenticated me vs raw Hono + pg (same SQL)', me, rawMe, 0.85));

  rows.push(...directoryRows());
  rows.push({
    scenario: 'API resident memory under the load above (max)',
    measured: `${Math.round(rss.stop() / 1024 / 1024)} MB`,
    baseline: '',
    ratio: '',
    target: '< 200 MB',
    met: rss.max() < 200 * 1024 * 1024 ? 'yes' : 'no',
  });
  for (const pending of [
    'client app token verification vs raw Hono JSON (target >= 0.25x)',
    'Paddle webhook acknowledgement (target >= 1,000/s, p99 <= 50 ms)',
    'outgoing webhook deliveries to a loopback receiver (target >= 500/s, none lost)',
    'dashboard initial JS gzip and Lighthouse',
  ]) {
    rows.push({
      scenario: pending,
      measured: 'not measured yet',
      baseline: '',
      ratio: '',
      target: '',
      met: '—',
    });
  }
  return rows;
}

function directoryRows(): Row[] {
  if (!hasPgbench()) {
    return [
      {
        scenario: 'Stalwart queries',
        measured: 'pgbench not installed',
        baseline: '',
        ratio: '',
        target: '',
        met: '—',
      },
    ];
  }
  const pick = `\\set n random(1, ${ACCOUNTS})\n`;
  const primaryKey = pgbench(
    databaseUrl,
    `${pick}SELECT name FROM directory.accounts WHERE id = (SELECT id FROM directory.accounts WHERE name = 'user' || :n || '@mail.test');\n`,
    SECONDS,
  );
  const queries: [string, string][] = [
    [
      'login (name)',
      `${pick}SELECT name, type, secret, description, quota FROM directory.accounts WHERE name = 'user' || :n || '@mail.test' AND active = true;\n`,
    ],
    [
      'delivery (recipients)',
      `${pick}SELECT name FROM directory.emails WHERE address = 'user' || :n || '@alt.test' ORDER BY name ASC;\n`,
    ],
    [
      'emails',
      `${pick}SELECT address FROM directory.emails WHERE name = 'user' || :n || '@mail.test' AND type != 'list' ORDER BY type DESC, address ASC;\n`,
    ],
    [
      'members',
      `${pick}SELECT member_of FROM directory.group_members WHERE name = 'user' || :n || '@mail.test';\n`,
    ],
  ];
  // The baseline is a primary-key lookup after the same unique-index lookup by name; a pure
  // id lookup needs an id, which Stalwart never has.
  const rows: Row[] = [];
  for (const [name, script] of queries) {
    const result = pgbench(databaseUrl, script, SECONDS);
    if (!result || !primaryKey) continue;
    const ratio = result.transactionsPerSecond / primaryKey.transactionsPerSecond;
    rows.push({
      scenario: `Stalwart ${name} query, ${ACCOUNTS.toLocaleString('en')} accounts (pgbench)`,
      measured: `${Math.round(result.transactionsPerSecond)} tps, p99 ${result.p99Ms.toFixed(2)} ms`,
      baseline: `${Math.round(primaryKey.transactionsPerSecond)} tps`,
      ratio: `${ratio.toFixed(2)}x`,
      target: '>= 0.9x, p99 <= 1 ms',
      met: ratio >= 0.9 && result.p99Ms <= 1 ? 'yes' : 'no',
    });
  }
  return rows;
}

function ratioRow(
  scenario: string,
  measured: Awaited<ReturnType<typeof measure>>,
  baseline: typeof measured,
  target: number,
): Row {
  const ratio = measured.requestsPerSecond / baseline.requestsPerSecond;
  const failures = measured.errors + measured.non2xx;
  return {
    scenario,
    measured: `${Math.round(measured.requestsPerSecond)} req/s, p99 ${measured.p99Ms} ms${failures ? `, ${failures} failed` : ''}`,
    baseline: `${Math.round(baseline.requestsPerSecond)} req/s`,
    ratio: `${ratio.toFixed(2)}x`,
    target: `>= ${target}x`,
    met: ratio >= target && failures === 0 ? 'yes' : 'no',
  };
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

function sampleRss(pid: number) {
  let max = 0;
  const read = () => {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match) max = Math.max(max, Number(match[1]) * 1024);
  };
  const timer = setInterval(read, 200);
  return {
    max: () => max,
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}

try {
  const rows = await main();
  console.log(`\n${renderTable(rows)}\n`);
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
  writeFileSync(
    `${root}docs/benchmarks.md`,
    renderMarkdown(rows, { machine, seconds: SECONDS, date: new Date() }),
  );
  console.log('bench: wrote docs/benchmarks.md');
} finally {
  for (const child of children) child.kill('SIGTERM');
  await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
  await server?.stop();
}
