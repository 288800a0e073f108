import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { testApp } from './test-support.ts';

describe('the test app', () => {
  const hub = useTestHub(() => testConfig());

  it('serves /trpc on the path of the vitest project (fast-path or stock-trpc)', async ({ task }) => {
    const project = task.file.projectName;
    expect(['fast-path', 'stock-trpc']).toContain(project);
    // Only the fast path forks the EntityManager lazily: a no-op query then makes none.
    const fork = vi.spyOn(hub().orm.em, 'fork');
    try {
      const ping = await testApp({ hub: hub() }).request('/trpc/system.ping');
      expect(await ping.json()).toEqual({ result: { data: { json: 'pong' } } });
      expect(fork).toHaveBeenCalledTimes(project === 'fast-path' ? 0 : 1);
    } finally {
      fork.mockRestore();
    }
  });
});
