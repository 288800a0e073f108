// Starts the real API process (built dashboard included) on a free port against a database of
// its own, and keeps every log line so tests can check what was logged. More API and worker
// processes can join the same database, as they would behind a load balancer in production.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@accounts/core/testing';
import { freePort } from '@accounts/devkit/postgres';
import { type SecretTracker, secretTracker } from './log-scan.ts';

// The bundles `pnpm start` and `pnpm worker` run (apps/api's build; turbo builds it before these tests).
const SERVER = fileURLToPath(new URL('../../api/dist/server.js', import.meta.url));
const WORKER = fileURLToPath(new URL('../../api/dist/worker.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/**
 * How a process is started: `node` runs the bundle directly (what the tests usually need);
 * `pnpm` runs the documented command (`pnpm start`, `pnpm worker` at the repository's root), so
 * the child is pnpm and signals go to pnpm, as from an orchestrator that started it.
 */
export type Launch = 'node' | 'pnpm';

/** One API process: its own address, its own log lines. */
export interface ApiProcess {
  url: string;
  logs: string[];
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface Stack extends ApiProcess {
  database: TestDatabase;
  /** The environment every process of this stack runs with (PORT aside). */
  env: Record<string, string>;
  /** Every process started against this stack's database: the first API, more APIs, workers. */
  processes: { role: 'api' | 'worker'; logs: string[]; child: ChildProcess }[];
  /** Secrets this stack's tests have seen (its own settings to start with). */
  secrets: SecretTracker;
  /** Every log line of every process of the stack. */
  allLogs(): string[];
  /**
   * Stops every process of the stack and drops its database; then fails if any process ever
   * logged a secret (log-scan.ts), so no file that starts a stack can skip the check.
   */
  stop(): Promise<void>;
}

export async function startStack(
  overrides: Record<string, string> = {},
  launch: Launch = 'node',
): Promise<Stack> {
  const database = await createTestDatabase();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    AUTH_SCHEME: 'password',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    MAIL_DOMAINS: 'mail.test,alt.test',
    DASHBOARD_DIR,
    LOG_LEVEL: 'debug',
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
    // Most tests create people as they go; the sign-up gating tests choose their own mode.
    ...(overrides.ALLOW_SIGNUP === undefined ? { SIGNUP_MODE: 'open' } : {}),
    ...overrides,
  };
  const processes: Stack['processes'] = [];
  const secrets = secretTracker(env);
  const allLogs = () => processes.flatMap((entry) => entry.logs);
  const { child, logs } = spawnProcess('api', env, launch);
  processes.push({ role: 'api', logs, child });
  let stopped = false;
  const stop = async () => {
    await Promise.all(processes.map((entry) => stopProcess(entry.child)));
    if (stopped) return;
    stopped = true;
    await database.drop();
    const leaks = secrets.leaksIn(allLogs());
    if (leaks.length > 0) throw new Error(`secrets were logged:\n${leaks.join('\n')}`);
  };
  try {
    await waitForHealth(url, child, logs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, database, logs, env, process: child, processes, secrets, allLogs, stop };
}

/**
 * Another API process against the stack's database, on a port of its own. It keeps the stack's
 * PUBLIC_URL: behind a load balancer every instance answers for the same public address.
 */
export async function startApi(stack: Stack, overrides: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const { child, logs } = spawnProcess('api', { ...stack.env, PORT: String(port), ...overrides });
  stack.processes.push({ role: 'api', logs, child });
  try {
    await waitForHealth(url, child, logs);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, logs, process: child, stop: () => stopProcess(child) };
}

function spawnProcess(role: 'api' | 'worker', env: Record<string, string>, launch: Launch = 'node') {
  const logs: string[] = [];
  const base = { PATH: process.env.PATH ?? '' };
  const child =
    launch === 'node'
      ? spawn(process.execPath, [role === 'api' ? SERVER : WORKER], {
          env: { ...base, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn('pnpm', [role === 'api' ? 'start' : 'worker'], {
          cwd: ROOT,
          // A process group of its own, as a terminal's foreground job or a service's cgroup.
          detached: true,
          env: { ...base, HOME: process.env.HOME ?? '/tmp', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  const collect = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, logs };
}

async function waitForHealth(url: string, child: ChildProcess, logs: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited early:\n${logs.join('\n')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`API did not become healthy:\n${logs.join('\n')}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export interface WorkerProcess {
  child: ChildProcess;
  logs: string[];
  stop(): Promise<void>;
}

/** Starts the real worker process (apps/api/dist/worker.js) against a stack's database. */
export function startWorker(
  stack: Stack,
  overrides: Record<string, string> = {},
  launch: Launch = 'node',
): WorkerProcess {
  const { child, logs } = spawnProcess('worker', { ...stack.env, ...overrides }, launch);
  stack.processes.push({ role: 'worker', logs, child });
  return { child, logs, stop: () => stopProcess(child) };
}

export type BatchOutcome = 'handled' | 'idle' | 'failed';

/** A worker whose job loops can be watched: its metrics listener is on a free loopback port. */
export interface ObservedWorker extends WorkerProcess {
  /** Its /metrics text, as Prometheus would read it. */
  metrics(): Promise<string>;
  /** How many runs of `job` this worker has finished with `outcome` (its job_batches_total). */
  batches(job: string, outcome: BatchOutcome): Promise<number>;
}

export async function startObservedWorker(
  stack: Stack,
  overrides: Record<string, string> = {},
): Promise<ObservedWorker> {
  const port = await freePort();
  const worker = startWorker(stack, {
    ...overrides,
    WORKER_METRICS_HOST: '127.0.0.1',
    WORKER_METRICS_PORT: String(port),
  });
  const token = stack.env.METRICS_TOKEN;
  const metrics = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw new Error(`worker metrics answered ${response.status}`);
    return response.text();
  };
  return {
    ...worker,
    metrics,
    async batches(job, outcome) {
      const line = new RegExp(`^job_batches_total\\{job="${job}",outcome="${outcome}"\\} (\\d+)$`, 'm');
      return Number(line.exec(await metrics())?.[1] ?? 0);
    },
  };
}

/**
 * Resolves once every one of `workers` has finished a run of `job` that found nothing to do, the
 * run ending after this call began. A worker runs one batch of a job at a time and a run ends only
 * when all it sent is answered and recorded, so whatever the job was doing in those workers is
 * over and nothing was left for it: the positive signal to wait for before asserting that it did
 * not do something (a duplicate delivery, a second application), instead of sleeping.
 */
export async function waitForIdleRun(
  workers: ObservedWorker[],
  job: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const read = async (worker: ObservedWorker) => {
    while (true) {
      try {
        return await worker.batches(job, 'idle');
      } catch (error) {
        // Not listening yet: the worker is still starting.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const before = await Promise.all(workers.map(read));
  for (const [index, worker] of workers.entries()) {
    while ((await read(worker)) <= before[index]!) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for an idle run of ${job}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
