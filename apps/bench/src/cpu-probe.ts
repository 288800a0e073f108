// `DATABASE_URL=… pnpm --filter @accounts/bench probe`: CPU time per request of the hub and of its baselines, in
// the same run, read from /proc/<pid>/stat around a fixed number of requests. Unlike throughput
// ratios this barely depends on what else the machine runs. Per target it reports the serving
// process (API or baseline), the PostgreSQL backends of the database, and the load generator.
// Uses DATABASE_URL's server (a database of its own, dropped at the end); PROBE_REQUESTS,
// PROBE_ROUNDS, PROBE_ACCOUNTS, PROBE_INSPECT=1 (the bench's --inspect flag on the API).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '@accounts/api/env';
import { silentLogger } from '@accounts/core/kernel';
import { migrateDatabase, openDatabase } from '@accounts/core/orchestration';
import { adminQuery, freePort, withDatabase } from '@accounts/devkit/postgres';
import autocannon from 'autocannon';
import { apiCommand } from './api-command.ts';
import { benchApiEnv } from './api-env.ts';
import { Children, waitForHttp } from './children.ts';
import { fillDirectory } from './directory-fixture.ts';
import { accessTokenFor, clientApp, signedInPerson } from './seed.ts';

const REQUESTS = Number(process.env.PROBE_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 3);
const ACCOUNTS = Number(process.env.PROBE_ACCOUNTS ?? 10_000);
const ONLY = process.env.PROBE_ONLY?.split(',') ?? null;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const children = new Children(root, mkdtempSync(join(tmpdir(), 'accounts-probe-')));
const TICK_US = 1_000_000 / 100; // USER_HZ

function systemMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) * TICK_US;
  } catch {
    return 0;
  }
}

function cpuMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return 0;
  }
}

const postgresUrl = withDatabase(
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  'postgres',
);
const database = `accounts_probe_${randomBytes(4).toString('hex')}`;
const databaseUrl = withDatabase(postgresUrl, database);
await adminQuery(postgresUrl, `CREATE DATABASE ${database}`);
process.on('exit', () => children.killAllNow());
try {
  await migrateDatabase(databaseUrl, { silent: true });
  await fillDirectory(databaseUrl, ACCOUNTS);
  const [apiPort, basePort, inspectPort] = [await freePort(), await freePort(), await freePort()];
  const hubUrl = `http://127.0.0.1:${apiPort}`;
  const apiEnv = {
    ...benchApiEnv(databaseUrl, apiPort),
    JOBS_IN_PROCESS: 'false',
    ...(process.env.PROBE_FAST_PATH ? { TRPC_FAST_PATH: process.env.PROBE_FAST_PATH } : {}),
  };
  const { hub: config } = parseEnv({ ...apiEnv, NODE_ENV: 'development' });
  const orm = await openDatabase({ url: databaseUrl, poolMax: 2 });
  const hub = { orm, config, log: silentLogger };
  const { flags, entry } = apiCommand(root, 'start');
  const inspect = process.env.PROBE_INSPECT === '1' ? [`--inspect=127.0.0.1:${inspectPort}`] : [];
  const extra = process.env.PROBE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const api = children.start('api', process.execPath, [...flags, ...extra, ...inspect, entry], apiEnv);
  const baseline = children.start(
    'baseline',
    process.execPath,
    [
      ...(process.env.PROBE_BASELINE_FLAGS?.split(' ').filter(Boolean) ?? []),
      'apps/bench/src/baseline-server.ts',
      databaseUrl,
      String(basePort),
      hubUrl,
    ],
    {},
  );
  const baseUrl = `http://127.0.0.1:${basePort}`;
  await Promise.all([waitForHttp(`${hubUrl}/readyz`, api), waitForHttp(`${baseUrl}/json`, baseline)]);

  const { userId, sessionToken, by } = await signedInPerson(hub);
  const app = await clientApp(hub, by, { name: 'Probe verifier', firstParty: false });
  const { accessToken } = await accessTokenFor(hub, app.environmentId, userId);
  const cookie = { cookie: `accounts_session=${sessionToken}` };
  const verifyHeaders = {
    authorization: `Bearer ${app.environmentToken}`,
    'content-type': 'application/json',
  };
  const verifyBody = JSON.stringify({ json: { accessToken } });
  type Target = {
    name: string;
    pid: number;
    url: string;
    method?: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: string;
  };
  const targets: Target[] = [
    { name: 'hub me.get', pid: api.process.pid!, url: `${hubUrl}/trpc/me.get`, headers: cookie },
    { name: 'raw /me', pid: baseline.process.pid!, url: `${baseUrl}/me`, headers: cookie },
    {
      name: 'hub clientAuth.verify',
      pid: api.process.pid!,
      url: `${hubUrl}/trpc/clientAuth.verify`,
      method: 'POST' as const,
      headers: verifyHeaders,
      body: verifyBody,
    },
    {
      name: 'raw /client-auth/verify',
      pid: baseline.process.pid!,
      url: `${baseUrl}/client-auth/verify`,
      method: 'POST' as const,
      headers: verifyHeaders,
      body: verifyBody,
    },
    { name: 'hub system.ping', pid: api.process.pid!, url: `${hubUrl}/trpc/system.ping`, headers: {} },
    { name: 'raw /json', pid: baseline.process.pid!, url: `${baseUrl}/json`, headers: {} },
  ].filter((target) => !ONLY || ONLY.some((part) => target.name.includes(part)));
  for (const target of targets) {
    const response = await fetch(target.url, {
      method: target.method ?? 'GET',
      headers: target.headers,
      body: target.body,
    });
    const text = await response.text();
    const headerBytes = [...response.headers].reduce(
      (sum, [name, value]) => sum + name.length + value.length + 4,
      0,
    );
    console.log(
      `${target.name}: ${response.status}, headers ~${headerBytes} B, body ${text.length} B: ${text.slice(0, 160)}`,
    );
  }
  const backends = async () =>
    (
      await adminQuery(postgresUrl, `select pid from pg_stat_activity where datname = '${database}'`)
    ).rows.map((row) => Number(row.pid));
  const load = (target: Target, amount: number) =>
    autocannon({
      url: target.url,
      amount,
      connections: 32,
      method: target.method ?? 'GET',
      headers: target.headers,
      body: target.body,
    });
  if (process.env.PROBE_SQL === '1') {
    // The statements as the servers send them, each run alone on one connection: PostgreSQL's
    // CPU per execution, unnamed (parse, plan, execute each time) and as a named prepared statement.
    const texts = new Set<string>();
    for (let attempt = 0; attempt < 40 && texts.size < 2; attempt += 1) {
      const meTargets = targets.filter((target) => target.name.includes('me'));
      const pending = meTargets.map((target) => load(target, 300));
      const { rows } = await adminQuery(
        postgresUrl,
        `select query from pg_stat_activity where datname = '${database}' and query like '%token_hash%'`,
      );
      for (const row of rows) texts.add(String(row.query));
      await Promise.all(pending);
    }
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const backend = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
    const hash = (await client.query('select token_hash from sessions limit 1')).rows[0].token_hash;
    let index = 0;
    for (const text of texts) {
      console.log(`\nstatement ${index}: ${text}`);
      for (const named of [false, true]) {
        const run = () =>
          client.query(named ? { name: `probe${index}`, text, values: [hash] } : { text, values: [hash] });
        for (let i = 0; i < 200; i += 1) await run();
        const before = cpuMicros(backend);
        const started = performance.now();
        for (let i = 0; i < 5000; i += 1) await run();
        console.log(
          `  ${named ? 'named  ' : 'unnamed'}: PG ${((cpuMicros(backend) - before) / 5000).toFixed(1)} µs CPU, ${(((performance.now() - started) * 1000) / 5000).toFixed(0)} µs wall per execution`,
        );
      }
      index += 1;
    }
    await client.end();
  }
  if (process.env.PROBE_HEAP) {
    // Where the API allocates (collected objects included) during PROBE_HEAP's target; needs PROBE_INSPECT=1.
    const { connectInspector } = await import('./inspector.ts');
    const inspector = await connectInspector(inspectPort);
    await inspector.send('HeapProfiler.enable');
    await inspector.send('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const target = targets.find((one) => one.name.includes(process.env.PROBE_HEAP!))!;
    await load(target, REQUESTS);
    const { profile } = await inspector.send<{ profile: unknown }>('HeapProfiler.stopSampling');
    const { writeFileSync } = await import('node:fs');
    writeFileSync('/tmp/probe.heapprofile', JSON.stringify(profile));
    inspector.close();
    console.log(`heap profile of ${target.name} (${REQUESTS} requests): /tmp/probe.heapprofile`);
  }
  const results = new Map<
    string,
    { server: number[]; system: number[]; pg: number[]; loadgen: number[]; rps: number[] }
  >();
  for (const target of targets) await load(target, 2000); // warm-up, and the pools fill
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of targets) {
      const pids = await backends();
      const pgBefore = new Map(pids.map((pid) => [pid, cpuMicros(pid)]));
      const before = {
        server: cpuMicros(target.pid),
        system: systemMicros(target.pid),
        self: process.cpuUsage(),
      };
      const started = performance.now();
      // PROBE_PERF=<target part>: an on-CPU profile (perf, kernel included) of the serving process.
      const perf =
        process.env.PROBE_PERF && target.name.includes(process.env.PROBE_PERF) && round === 0
          ? (await import('node:child_process')).spawn(
              'perf',
              [
                'record',
                '-e',
                'cpu-clock',
                '-F',
                '4999',
                '-p',
                String(target.pid),
                '-o',
                `/tmp/probe-${target.name.replaceAll(/\W+/g, '-')}.perf`,
              ],
              { stdio: 'ignore' },
            )
          : null;
      const result = await load(target, REQUESTS);
      if (perf) {
        perf.kill('SIGINT');
        await new Promise((resolve) => perf.once('exit', resolve));
      }
      const seconds = (performance.now() - started) / 1000;
      const self = process.cpuUsage(before.self);
      const answered = result.requests.total;
      if (result.non2xx || result.errors)
        console.log(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      const entry = results.get(target.name) ?? { server: [], system: [], pg: [], loadgen: [], rps: [] };
      entry.server.push((cpuMicros(target.pid) - before.server) / answered);
      entry.system.push((systemMicros(target.pid) - before.system) / answered);
      // Backends that appeared during the run count whole; one that went away is reported.
      let pgMicros = 0;
      for (const pid of new Set([...pids, ...(await backends())])) {
        const now = cpuMicros(pid);
        if (!now && pgBefore.has(pid)) console.log(`${target.name}: backend ${pid} went away during the run`);
        pgMicros += now ? now - (pgBefore.get(pid) ?? 0) : 0;
      }
      entry.pg.push(pgMicros / answered);
      entry.loadgen.push((self.user + self.system) / answered);
      entry.rps.push(answered / seconds);
      results.set(target.name, entry);
    }
  }
  const fmt = (values: number[]) => values.map((value) => Math.round(value)).join('/');
  console.log(
    `\nµs of CPU per request (${ROUNDS} rounds of ${REQUESTS}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`,
  );
  for (const [name, entry] of results) {
    console.log(
      `${name.padEnd(26)} server ${fmt(entry.server).padEnd(16)} of which kernel ${fmt(entry.system).padEnd(14)} pg ${fmt(entry.pg).padEnd(16)} loadgen ${fmt(entry.loadgen).padEnd(16)} req/s ${fmt(entry.rps)}`,
    );
  }
  await orm.close();
} finally {
  await children.stopAll();
  await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
}
