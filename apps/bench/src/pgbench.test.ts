import { describe, expect, it } from 'vitest';
import { parseLatencyLog, parseTps } from './pgbench.ts';
import { percentile } from './stats.ts';

const STDOUT = `pgbench (17.2 (Debian 17.2-1.pgdg120+1))
transaction type: /tmp/accounts-bench-x/script.sql
scaling factor: 1
query mode: simple
number of clients: 4
number of threads: 2
maximum number of tries: 1
duration: 5 s
number of transactions actually processed: 205817
number of failed transactions: 0 (0.000%)
latency average = 0.097 ms
initial connection time = 6.530 ms
tps = 41163.402334 (without initial connection time)
`;

describe('pgbench output', () => {
  it('reads tps from the summary', () => {
    expect(parseTps(STDOUT)).toBeCloseTo(41163.402334);
    expect(parseTps('no summary')).toBeNull();
  });

  it('reads latencies (third field, microseconds) from the per-transaction log', () => {
    const log = '0 0 95 0 1764230000 123456\n0 1 1250 0 1764230000 124000\n\n1 0 80 0 1764230000 125000\n';
    expect(parseLatencyLog(log)).toEqual([0.095, 1.25, 0.08]);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([3], 99)).toBe(3);
    expect(percentile([], 99)).toBeNaN();
  });
});
