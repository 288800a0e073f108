import { describe, expect, it } from 'vitest';
import {
  type CpuProfile,
  locationOf,
  packageOf,
  renderProfile,
  summarizeProfile,
  topPackagesLine,
} from './cpuprofile.ts';

const ROOT = 'file:///work/repo';
const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

// root -> handler (core) -> findOne (mikro-orm) ; root -> (idle) ; root -> (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 4, 5] },
    { id: 2, callFrame: frame('handler', `${ROOT}/packages/core/src/identity/me.ts`, 9), children: [3] },
    {
      id: 3,
      callFrame: frame(
        'findOne',
        `${ROOT}/node_modules/.pnpm/@mikro-orm+core@7.2.1/node_modules/@mikro-orm/core/EntityManager.js`,
        99,
      ),
    },
    { id: 4, callFrame: frame('(idle)', '') },
    { id: 5, callFrame: frame('(garbage collector)', '') },
  ],
  startTime: 0,
  endTime: 10_000,
  // Each sample lasts until the next: 1 ms each, the last one the average (1 ms).
  samples: [3, 3, 3, 2, 4, 4, 5, 3, 2, 4],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('cpu profiles', () => {
  it('tells packages from script URLs', () => {
    expect(packageOf(`${ROOT}/node_modules/.pnpm/pg@8/node_modules/pg/lib/client.js`, 'query')).toBe('pg');
    expect(
      packageOf(`${ROOT}/node_modules/.pnpm/@trpc+server@11/node_modules/@trpc/server/dist/x.mjs`, 'f'),
    ).toBe('@trpc/server');
    expect(packageOf('node:internal/streams/writable', 'write')).toBe('node (core modules)');
    expect(packageOf(`${ROOT}/apps/api/src/app.ts`, 'f')).toBe('@accounts/api');
    expect(packageOf('', 'writeUtf8String')).toBe('(native code)');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('shortens locations to the path inside the package, 1-based lines', () => {
    expect(locationOf(`${ROOT}/node_modules/.pnpm/pg@8/node_modules/pg/lib/client.js`, 9)).toBe(
      'pg/lib/client.js:10',
    );
    expect(locationOf(`${ROOT}/apps/api/src/app.ts`, 0)).toBe('apps/api/src/app.ts:1');
    expect(locationOf('', 3)).toBe('');
  });

  it('sums self time per function and package, shares of the busy time', () => {
    const summary = summarizeProfile(profile);
    expect(summary.sampledMs).toBeCloseTo(10);
    expect(summary.idleMs).toBeCloseTo(3);
    expect(summary.packages.map((entry) => [entry.name, Math.round(entry.selfMs)])).toEqual([
      ['@mikro-orm/core', 4],
      ['@accounts/core', 2],
      ['(garbage collector)', 1],
    ]);
    expect(summary.functions[0]).toMatchObject({
      name: 'findOne',
      location: '@mikro-orm/core/EntityManager.js:100',
      package: '@mikro-orm/core',
    });
    expect(summary.functions[0]!.percent).toBeCloseTo((4 / 7) * 100);
    expect(topPackagesLine(summary, 2)).toBe('@mikro-orm/core 57%, @accounts/core 29%');
  });

  it('renders a section with both tables', () => {
    const section = renderProfile('Profile: me', summarizeProfile(profile));
    expect(section).toContain('### Profile: me');
    expect(section).toContain('0.0 s sampled, 0.0 s of it busy');
    expect(section).toMatch(/\| @mikro-orm\/core\s+\| 4\s+\| 57\.1%/);
    expect(section).toMatch(/\| findOne\s+\| @mikro-orm\/core\/EntityManager\.js:100 \|/);
  });
});
