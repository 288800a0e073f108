import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './stats.ts';

export interface PgbenchResult {
  transactionsPerSecond: number;
  p99Ms: number;
  transactions: number;
}

/** `tps = 41163.123456 (without initial connection time)` from pgbench's summary. */
export function parseTps(stdout: string): number | null {
  const match = /^tps = ([\d.]+)/m.exec(stdout);
  return match ? Number(match[1]) : null;
}

/**
 * Latencies in milliseconds from pgbench's per-transaction log (`-l`): each line is
 * `client_id transaction_no time_us script_no time_epoch time_us_part`, the third field the
 * transaction's latency in microseconds.
 */
export function parseLatencyLog(text: string): number[] {
  const latencies: number[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3) continue;
    const microseconds = Number(fields[2]);
    if (Number.isFinite(microseconds)) latencies.push(microseconds / 1000);
  }
  return latencies;
}

/**
 * Runs one pgbench script for a fixed time (4 clients on 2 threads by default) against the
 * database URL (127.0.0.1) and reads p99 from its per-transaction log. Statements are prepared
 * once per connection (`-M prepared`), as Stalwart runs them: its PostgreSQL store calls
 * tokio-postgres' `prepare_cached` for every lookup.
 */
export function pgbench(databaseUrl: string, script: string, seconds: number, clients = 4): PgbenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-bench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    const threads = String(Math.min(clients, 2));
    const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', threads, '-T', String(seconds)];
    args.push('-f', file, '-l');
    const result = spawnSync('pgbench', [...args, '--log-prefix', join(dir, 'log'), databaseUrl], {
      encoding: 'utf8',
      timeout: (seconds + 30) * 1000,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr.trim().slice(-500)}`);
    const tps = parseTps(result.stdout);
    if (tps === null) throw new Error(`pgbench printed no tps:\n${result.stdout}`);
    const latencies = readdirSync(dir)
      .filter((entry) => entry.startsWith('log'))
      .flatMap((name) => parseLatencyLog(readFileSync(join(dir, name), 'utf8')));
    return { transactionsPerSecond: tps, p99Ms: percentile(latencies, 99), transactions: latencies.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasPgbench(): boolean {
  return spawnSync('pgbench', ['--version']).status === 0;
}
