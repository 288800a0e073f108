import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgbenchResult {
  transactionsPerSecond: number;
  p99Ms: number;
}

/** Runs one pgbench script for a fixed time and reads p99 from its per-transaction log. */
export function pgbench(databaseUrl: string, script: string, seconds: number): PgbenchResult | null {
  const dir = mkdtempSync(join(tmpdir(), 'accounts-bench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    const result = spawnSync(
      'pgbench',
      [
        '-n',
        '-c',
        '4',
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        file,
        '-l',
        '--log-prefix',
        join(dir, 'log'),
        databaseUrl,
      ],
      { encoding: 'utf8' },
    );
    if (result.error || result.status !== 0) return null;
    const tps = /tps = ([\d.]+)/.exec(result.stdout);
    const latencies: number[] = [];
    for (const name of readdirSync(dir).filter((entry) => entry.startsWith('log'))) {
      for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
        const microseconds = Number(line.split(' ')[2]);
        if (Number.isFinite(microseconds) && line) latencies.push(microseconds / 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      transactionsPerSecond: tps ? Number(tps[1]) : 0,
      p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasPgbench(): boolean {
  return spawnSync('pgbench', ['--version']).status === 0;
}
