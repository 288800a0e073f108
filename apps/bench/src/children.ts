// The processes a bench run starts (API, worker, baseline server, Chromium): each one's output
// goes to a log file, and every one still running is ended when the run finishes, fails or is
// interrupted. Only these PIDs are ever signalled.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Started {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

export class Children {
  readonly running = new Set<Started>();
  readonly root: string;
  readonly logDir: string;

  constructor(root: string, logDir: string) {
    this.root = root;
    this.logDir = logDir;
  }

  /** Starts a program; its stdout and stderr go to `<logDir>/<name>.log`. */
  start(name: string, command: string, args: string[], env: Record<string, string>): Started {
    const logFile = join(this.logDir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(command, args, {
      cwd: this.root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const started: Started = {
      name,
      process: child,
      logFile,
      exited: new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.once('error', () => resolve(null));
      }),
    };
    this.running.add(started);
    void started.exited.then(() => this.running.delete(started));
    return started;
  }

  /** Asks a process to stop (SIGTERM), then kills it if it has not exited within `graceMs`. */
  async stop(started: Started, graceMs = 10_000): Promise<number | null> {
    if (!this.running.has(started)) return started.exited;
    started.process.kill('SIGTERM');
    const timer = setTimeout(() => started.process.kill('SIGKILL'), graceMs);
    const code = await started.exited;
    clearTimeout(timer);
    return code;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((started) => this.stop(started, 5000)));
  }

  /** Last resort on process exit: synchronous, so it also works from an 'exit' handler. */
  killAllNow(): void {
    for (const started of this.running) started.process.kill('SIGKILL');
  }

  tail(started: Started, lines = 30): string {
    try {
      return readFileSync(started.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/** Polls a URL until it answers 2xx (a child coming up), bounded. */
export async function waitForHttp(url: string, started?: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void started?.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up${started ? ` (${started.name}: see ${started.logFile})` : ''}`);
}

/** Resident memory of a process, sampled every 200 ms from /proc while the run lasts. */
export type RssSampler = ReturnType<typeof sampleRss>;

export function sampleRss(pid: number) {
  let max = 0;
  let first = 0;
  let windowMax = 0;
  const read = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (!match) return;
      const bytes = Number(match[1]) * 1024;
      first ||= bytes;
      max = Math.max(max, bytes);
      windowMax = Math.max(windowMax, bytes);
    } catch {
      // The process has exited.
    }
  };
  read();
  const timer = setInterval(read, 200);
  timer.unref();
  return {
    first: () => first,
    max: () => max,
    /** The maximum since the previous call (per scenario). */
    window: () => {
      const value = windowMax;
      windowMax = 0;
      return value;
    },
    stop: () => {
      clearInterval(timer);
      read();
      return max;
    },
  };
}
