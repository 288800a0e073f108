import { publicProcedure, router } from '@accounts/core/kernel';
import { appRouter } from '@accounts/core/orchestration';
import { describe, expect, it } from 'vitest';
import { procedurePaths } from './procedures.ts';

describe('procedure paths', () => {
  it("are every procedure's dotted path, nested routers included", () => {
    const nested = router({
      a: publicProcedure.query(() => 1),
      b: router({ c: router({ d: publicProcedure.mutation(() => 2) }) }),
    });
    expect(procedurePaths(nested).sort()).toEqual(['a', 'b.c.d']);
    expect(procedurePaths(appRouter)).toEqual(expect.arrayContaining(['system.ping', 'me.get']));
  });
});
