export interface Row {
  scenario: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

const COLUMNS: (keyof Row)[] = ['scenario', 'measured', 'baseline', 'ratio', 'target', 'met'];

export function renderTable(rows: Row[]): string {
  const widths = COLUMNS.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  return [
    line(COLUMNS),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(COLUMNS.map((c) => row[c]))),
  ].join('\n');
}

export function renderMarkdown(rows: Row[], meta: { machine: string; seconds: number; date: Date }): string {
  const header = `| ${COLUMNS.join(' | ')} |\n| ${COLUMNS.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${COLUMNS.map((column) => row[column] || ' ').join(' | ')} |`).join('\n');
  return `# Benchmarks

Written by \`pnpm bench\` on ${meta.date.toISOString().slice(0, 10)}: ${meta.machine}.
Each scenario ran ${meta.seconds} s after a 1 s warm-up, with the load generator (autocannon, 32
connections) on the same cores as the servers, so read the ratios, not the absolute numbers.
Baselines ran in the same run: a raw Hono JSON route and raw Hono + pg with the hub's SQL in a
separate process, and pgbench against the same database.

${header}
${body}
`;
}
