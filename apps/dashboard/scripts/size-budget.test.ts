import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUDGET_BYTES, type Manifest, measureInitialJs, OVERVIEW_PAGE } from './size-budget.ts';

const CHECK_SIZE = fileURLToPath(new URL('./check-size.ts', import.meta.url));

/** Entry -> shared vendor chunk; overview page -> vendor + its own helper; a lazy page outside. */
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_vendor.js'],
    dynamicImports: [OVERVIEW_PAGE],
  },
  '_vendor.js': { file: 'assets/vendor.js' },
  [OVERVIEW_PAGE]: { file: 'assets/overview.js', imports: ['_vendor.js', '_helper.js'] },
  '_helper.js': { file: 'assets/helper.js' },
  'src/pages/staff/users.tsx': { file: 'assets/staff-users.js', imports: ['_vendor.js'] },
};

describe('the size budget', () => {
  it('counts the entry, the overview page and their static imports once each, and not lazy pages', () => {
    const sizes: Record<string, number> = {
      'assets/index.js': 10,
      'assets/vendor.js': 100,
      'assets/overview.js': 5,
      'assets/helper.js': 1,
      'assets/staff-users.js': 1_000_000,
    };
    const report = measureInitialJs(manifest, (file) => sizes[file]!, 200);
    expect(report.files.map((f) => f.file)).toEqual([
      'assets/vendor.js',
      'assets/index.js',
      'assets/overview.js',
      'assets/helper.js',
    ]);
    expect(report).toMatchObject({ total: 116, budget: 200, overBudget: false });
    expect(measureInitialJs(manifest, (file) => sizes[file]!, 115).overBudget).toBe(true);
  });

  it('refuses a manifest without the overview page rather than measuring nothing', () => {
    const { [OVERVIEW_PAGE]: _, ...withoutOverview } = manifest;
    expect(() => measureInitialJs(withoutOverview, () => 1)).toThrow(OVERVIEW_PAGE);
  });

  describe('the check-size command', () => {
    const dirs: string[] = [];
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    /** A dist folder whose vendor chunk is `vendorBytes` of incompressible data. */
    function dist(vendorBytes: number): string {
      const dir = mkdtempSync(join(tmpdir(), 'size-budget-'));
      dirs.push(dir);
      mkdirSync(join(dir, '.vite'), { recursive: true });
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, '.vite/manifest.json'), JSON.stringify(manifest));
      for (const chunk of Object.values(manifest)) writeFileSync(join(dir, chunk.file), 'export {};\n');
      writeFileSync(join(dir, 'assets/vendor.js'), randomBytes(vendorBytes).toString('base64'));
      return dir;
    }
    const run = (dir: string) => spawnSync(process.execPath, [CHECK_SIZE, dir], { encoding: 'utf8' });

    it('passes under the budget', () => {
      const result = run(dist(10_000));
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('initial JavaScript of the signed-in overview');
      expect(result.stdout).not.toContain('Over budget');
    });

    it('fails over the budget, saying by how much', () => {
      // base64 of random bytes gzips to about 3/4 of its length: well over 150 KB.
      const result = run(dist(BUDGET_BYTES * 2));
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/Over budget by \d+\.\d KB\./);
    });

    it('fails when there is no build', () => {
      const result = run(join(tmpdir(), 'no-such-dist'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('No build manifest');
    });
  });
});
