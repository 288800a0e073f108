import { describe, expect, it, vi } from 'vitest';
import { User } from '../identity/entities.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { createContext } from './context.ts';

describe('request context', () => {
  const hub = useTestHub(() => testConfig());
  const req = {
    requestId: 'r',
    ip: null,
    userAgent: null,
    origin: null,
    authorization: null,
    cookie: () => undefined,
  };
  const res = { setCookie() {}, deleteCookie() {} };

  it('has its own EntityManager fork', async () => {
    const fork = vi.spyOn(hub().orm.em, 'fork');
    try {
      const ctx = createContext(hub(), req, res);
      expect(fork).toHaveBeenCalledTimes(1);
      expect(ctx.em).toBe(fork.mock.results[0]?.value);
      expect(ctx.em).not.toBe(hub().orm.em);
      expect(await ctx.em.count(User, {})).toBeGreaterThanOrEqual(0);
      expect(createContext(hub(), req, res).em).not.toBe(ctx.em);
    } finally {
      fork.mockRestore();
    }
  });

  it('uses the EntityManager it is given', () => {
    const em = hub().orm.em.fork();
    const fork = vi.spyOn(hub().orm.em, 'fork');
    try {
      expect(createContext(hub(), req, res, em).em).toBe(em);
      expect(fork).not.toHaveBeenCalled();
    } finally {
      fork.mockRestore();
    }
  });
});
