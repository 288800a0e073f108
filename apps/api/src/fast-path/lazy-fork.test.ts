import { User } from '@accounts/core/identity';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { lazyFork } from './lazy-fork.ts';

describe('lazy EntityManager fork', () => {
  const hub = useTestHub(() => testConfig());

  it('forks once, on first use, and not for what forks share', async () => {
    const fork = vi.spyOn(hub().orm.em, 'fork');
    try {
      const em = lazyFork(hub().orm);
      const [row] = await em.getConnection().execute<{ one: number }[]>('select 1 as one');
      expect(row?.one).toBe(1);
      expect(em.getPlatform().parseDate('2026-01-02 03:04:05.678+00')).toEqual(
        new Date('2026-01-02T03:04:05.678Z'),
      );
      expect(em.getMetadata().get(User).tableName).toBe('users');
      expect(fork).not.toHaveBeenCalled();

      expect(await em.count(User, {})).toBeGreaterThanOrEqual(0);
      await em.find(User, {});
      expect(fork).toHaveBeenCalledTimes(1);
      // Once forked, everything goes to the fork, so identity map and transactions stay one.
      expect(em.getMetadata()).toBe(hub().orm.em.getMetadata());
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      fork.mockRestore();
    }
  });

  it('is what the fast path gives a request; the stock path forks up front', async () => {
    const fork = vi.spyOn(hub().orm.em, 'fork');
    try {
      const fast = await createApp({ hub: hub(), trpcFastPath: true }).request('/trpc/system.ping');
      expect(fast.status).toBe(200);
      expect(fork).not.toHaveBeenCalled();

      const stock = await createApp({ hub: hub(), trpcFastPath: false }).request('/trpc/system.ping');
      expect(stock.status).toBe(200);
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      fork.mockRestore();
    }
  });
});
