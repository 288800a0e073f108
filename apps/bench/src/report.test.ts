import { describe, expect, it } from 'vitest';
import { markdownTable, type Row, type RunFacts, renderMarkdown, renderTable } from './report.ts';

const rows: Row[] = [
  {
    scenario: 'tRPC no-op vs raw Hono JSON',
    measured: '9000 req/s, p99 11 ms',
    baseline: '30000 req/s, p99 3 ms',
    ratio: '0.30x',
    target: '>= 0.33x',
    met: 'no',
    why: 'the hub served 0.30x.',
  },
  {
    scenario: 'dashboard initial JS',
    measured: '140.5 KB',
    baseline: '',
    ratio: '',
    target: '<= 150.0 KB',
    met: 'yes',
  },
];

const facts: RunFacts = {
  date: new Date('2026-11-27T10:00:00Z'),
  machine: '2 cores (Test CPU), 24 GiB, Node v24.21.0',
  cores: 2,
  postgres: 'PostgreSQL 18.4 (embedded)',
  seconds: 5,
  accounts: 1_000_000,
  fillSeconds: 42.25,
  load: { start: 0.5, mean: 2.5, max: 4 },
  totalSeconds: 600,
};

describe('report', () => {
  it('numbers the reasons of missed targets under the console table', () => {
    const table = renderTable(rows);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^scenario\s+measured\s+baseline\s+ratio\s+target\s+met$/);
    expect(table).toContain('no [1]');
    expect(table).toContain('[1] tRPC no-op vs raw Hono JSON: the hub served 0.30x.');
    // The columns line up: every row's "measured" starts where the header's does.
    const column = lines[0]!.indexOf('measured');
    expect(lines[2]!.indexOf('9000 req/s')).toBe(column);
  });

  it('writes the table, the facts of the run and the numbered reasons as markdown', () => {
    const markdown = renderMarkdown(rows, facts, ['### Profile: me\n\ntext']);
    expect(markdown).toMatch(/^# Benchmarks\n/);
    expect(markdown).toContain('on 2026-11-27: 2 cores (Test CPU), 24 GiB, Node v24.21.0;');
    expect(markdown).toContain('1,000,000 accounts, written set-based in 42.3 s');
    expect(markdown).toContain('took 10.0 min');
    expect(markdown).toMatch(/\| tRPC no-op vs raw Hono JSON \| 9000 req\/s, p99 11 ms \|.*\| no \[1\] \|/);
    expect(markdown).toContain('\n1. tRPC no-op vs raw Hono JSON: the hub served 0.30x.\n');
    expect(markdown).toContain('### Profile: me');
  });

  it('escapes pipes and pads markdown cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe('| a    | b   |\n| ---- | --- |\n| x\\|y | 1   |');
  });
});
