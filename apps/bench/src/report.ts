// The table `pnpm bench` prints and the docs/benchmarks.md it writes. Pure functions: tested
// without running any load (report.test.ts).

export interface Row {
  scenario: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
  /** yes / no / — (nothing to meet) / error (the scenario could not run). */
  met: 'yes' | 'no' | '—' | 'error';
  /** Why a target was missed (or the scenario failed): shown as a numbered note under the table. */
  why?: string;
}

export interface RunFacts {
  date: Date;
  machine: string;
  cores: number;
  postgres: string;
  seconds: number;
  accounts: number;
  fillSeconds: number;
  /** The 1-minute load average when the run started, and its mean and maximum through the run. */
  load: { start: number; mean: number; max: number };
  totalSeconds: number;
}

const COLUMNS = ['scenario', 'measured', 'baseline', 'ratio', 'target', 'met'] as const;

/** The met cell, with a note number when there is a why. */
function cells(rows: Row[]): { cells: string[][]; notes: string[] } {
  const notes: string[] = [];
  const out = rows.map((row) =>
    COLUMNS.map((column) => {
      if (column !== 'met' || !row.why) return row[column];
      notes.push(`${row.scenario}: ${row.why}`);
      return `${row.met} [${notes.length}]`;
    }),
  );
  return { cells: out, notes };
}

export function renderTable(rows: Row[]): string {
  const { cells: body, notes } = cells(rows);
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...body.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    ...(notes.length ? ['', ...notes.map((note, i) => `[${i + 1}] ${note}`)] : []),
  ].join('\n');
}

const escapeCell = (value: string) => value.replaceAll('|', '\\|');

/** A GitHub markdown table, columns padded so the file reads well as plain text too. */
export function markdownTable(header: readonly string[], rows: string[][]): string {
  const all = [header, ...rows].map((row) => row.map(escapeCell));
  const widths = header.map((_, i) => Math.max(3, ...all.map((row) => row[i]!.length)));
  const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(all[0]!), line(widths.map((width) => '-'.repeat(width))), ...all.slice(1).map(line)].join(
    '\n',
  );
}

export function renderMarkdown(rows: Row[], facts: RunFacts, sections: string[] = []): string {
  const { cells: body, notes } = cells(rows);
  const minutes = (facts.totalSeconds / 60).toFixed(1);
  return `# Benchmarks

Written by \`pnpm bench\` (apps/bench) on ${facts.date.toISOString().slice(0, 10)}: ${facts.machine};
${facts.postgres}. The whole run took ${minutes} min. The machine's 1-minute load average was
${facts.load.start.toFixed(2)} at the start, ${facts.load.mean.toFixed(2)} on average and ${facts.load.max.toFixed(2)} at most (the run itself keeps it
around ${facts.cores} and more; much higher means other work shared the cores).

**How to run.** \`pnpm bench\` builds (\`pnpm build\`), creates a fresh database (on DATABASE_URL's
server, else an embedded PostgreSQL), starts the API exactly as \`pnpm start\` does plus the
baseline servers, runs every scenario for a fixed time against 127.0.0.1 only, stops everything,
drops the database and rewrites this file. Knobs: \`BENCH_SECONDS\` (per load run, default 5),
\`BENCH_PADDLE_STEADY_SECONDS\` (the steady Paddle run, default twice \`BENCH_SECONDS\`),
\`BENCH_ACCOUNTS\` (directory size, default 1,000,000), \`BENCH_WEBHOOK_EVENTS\` (default 3,000),
\`BENCH_LIGHTHOUSE_REPORTS\` (a folder for each Lighthouse report, trace and DevTools log, as JSON).

**How to read it.** The load generator (autocannon, 32 connections unless said otherwise), the
servers and PostgreSQL share the same ${facts.cores} cores, so absolute numbers are low and move with anything
else running on the machine; the ratios against a baseline measured in the same run, right next
to the scenario, are what to compare. Each load run lasted ${facts.seconds} s (the steady Paddle run twice that) after a 1 s
warm-up that is not counted. The directory held ${facts.accounts.toLocaleString('en')} accounts, written set-based in ${facts.fillSeconds.toFixed(1)} s.
"met" is judged against the goals of issue 8; a "no" carries a numbered reason below the table,
and a CPU profile of the hub's hottest path follows.

${markdownTable(COLUMNS, body)}
${notes.length ? `\n${notes.map((note, i) => `${i + 1}. ${note}`).join('\n')}\n` : ''}
${sections.map((section) => `${section.trim()}\n`).join('\n')}`;
}
