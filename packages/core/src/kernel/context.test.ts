import { describe, expect, it, vi } from 'vitest';
import { User } from '../identity/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { createContext } from './context.ts';

describe('request context', () => {
  const hub = useTestHub(() => testConfig());
  const context = () =>
    createContext(
      hub(),
      {
        requestId: 'r',
        ip: null,
        userAgent: null,
        origin: null,
        authorization: null,
        cookie: () => undefined,
      },
      { setCookie() {}, deleteCookie() {} },
    );

  it('forks the EntityManager once, on first use, and not for what forks share', async () => {
    const fork = vi.spyOn(hub().orm.em, 'fork');
    try {
      const ctx = context();
      const [row] = await ctx.em.getConnection().execute<{ one: number }[]>('select 1 as one');
      expect(row?.one).toBe(1);
      expect(ctx.em.getPlatform().parseDate('2026-01-02 03:04:05.678+00')).toEqual(
        new Date('2026-01-02T03:04:05.678Z'),
      );
      expect(ctx.em.getMetadata().get(User).tableName).toBe('users');
      expect(fork).not.toHaveBeenCalled();

      expect(await ctx.em.count(User, {})).toBeGreaterThanOrEqual(0);
      await ctx.em.find(User, {});
      expect(fork).toHaveBeenCalledTimes(1);
      // Once forked, everything goes to the fork, so identity map and transactions stay one.
      expect(ctx.em.getMetadata()).toBe(hub().orm.em.getMetadata());
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      fork.mockRestore();
    }
  });
});
