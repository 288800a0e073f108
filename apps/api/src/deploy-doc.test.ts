import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENV_SCHEMA, parseEnv } from './env.ts';

/** The configuration reference of docs/deploy.md, checked against what env.ts reads. */
const DOC = readFileSync(new URL('../../../docs/deploy.md', import.meta.url), 'utf8');

interface Row {
  name: string;
  defaultCell: string;
  exampleCell: string;
}

function referenceRows(): Row[] {
  const section = DOC.split('## Configuration reference')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [name = '', defaultCell = '', exampleCell = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      return { name: name.replace(/`/g, ''), defaultCell, exampleCell };
    });
}

/** The text of a cell that is exactly one code span, else null. */
const code = (cell: string) => /^`([^`]*)`$/.exec(cell)?.[1] ?? null;

const fields = Object.entries(ENV_SCHEMA.shape) as [string, z.ZodType][];

/** A default that is a sentinel for "required with AUTH_SCHEME=fxa", described rather than given. */
const DESCRIBED_DEFAULTS = new Set(['FXA_CLIENT_ID']);

describe('docs/deploy.md configuration reference', () => {
  const rows = referenceRows();
  const byName = new Map(rows.map((row) => [row.name, row]));

  it('lists every variable env.ts reads, and no other', () => {
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.map((row) => row.name).sort()).toEqual(fields.map(([name]) => name).sort());
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
  });

  it('gives each default as env.ts has it, and marks the required ones', () => {
    for (const [name, field] of fields) {
      const row = byName.get(name);
      if (!row) continue;
      const documented = code(row.defaultCell);
      if (field instanceof z.ZodDefault && !DESCRIBED_DEFAULTS.has(name)) {
        const value = String(field.def.defaultValue);
        // An empty default is "not set" (the feature it feeds stays off).
        if (value === '') expect(row.defaultCell, name).toBe('_none_');
        else if (name === 'DASHBOARD_DIR') expect(value.endsWith(documented ?? '?'), name).toBe(true);
        else expect(documented, name).toBe(value);
      } else if (field instanceof z.ZodOptional || field instanceof z.ZodDefault) {
        expect(row.defaultCell, name).toMatch(/^_.+_$/);
        expect(row.defaultCell, name).not.toBe('_required_');
      } else {
        expect(row.defaultCell, name).toBe('_required_');
      }
    }
  });

  it('has examples that together are a valid production configuration', () => {
    const examples = Object.fromEntries(rows.map((row) => [row.name, code(row.exampleCell)]));
    expect(Object.entries(examples).filter(([, value]) => value === null)).toEqual([]);
    const env = parseEnv(examples as Record<string, string>);
    expect(env.nodeEnv).toBe('production');
    expect(env.hub.encryptionKeys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(env.workerMetrics).toEqual({ port: 9464, host: '0.0.0.0' });
  });
});

describe('docs/deploy.md memory flags', () => {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const flags = (script = '') => script.split(/\s+/).filter((word) => word.startsWith('--'));

  it('are the same for the API and the worker, and the ones the guide tells to pass', () => {
    const start = flags(scripts.start);
    expect(start.length).toBeGreaterThan(0);
    expect(flags(scripts.worker)).toEqual(start);
    const prose = DOC.replace(/\s+/g, ' ');
    const entry = scripts.start?.split(/\s+/).at(-1);
    expect(prose).toContain(`node_modules/.bin/node ${start.join(' ')} apps/api/${entry}`);
    expect(prose).toContain(`\`pnpm start\` and \`pnpm worker\` pass \`${start.join(' ')}\``);
  });

  it('are the ones the decision record in force chose', () => {
    const start = flags(scripts.start).join(' ');
    const folder = new URL('../../../docs/decisions/', import.meta.url);
    // The records that chose the flags; all but the latest say what superseded them.
    const inForce = readdirSync(folder)
      .filter((name) => /^\d{4}-.*\.md$/.test(name))
      .map((name) => readFileSync(new URL(name, folder), 'utf8').replace(/\s+/g, ' '))
      .filter((text) => text.includes('--max-semi-space-size=') && !/^# [^#]* Status: superseded/.test(text));
    expect(inForce).toHaveLength(1);
    expect(inForce[0]).toContain(`\`${start}\``);
  });

  it("are what the root's `pnpm start` and `pnpm worker` run, exec'd so a signal reaches node", () => {
    const root = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of ['start', 'worker']) {
      const script = scripts[name] ?? '';
      // Without exec, the shell pnpm starts would take the signal and die, leaving node running.
      expect(script, name).toMatch(/^exec node /);
      expect(root.scripts[name], name).toBe(
        `exec node ${flags(script).join(' ')} apps/api/${script.split(/\s+/).at(-1)}`,
      );
    }
  });
});
