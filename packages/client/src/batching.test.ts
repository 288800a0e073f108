import { MAX_BATCH_CALLS } from '@accounts/core/kernel';
import { describe, expect, it } from 'vitest';
import { createAccountsClient } from './index.ts';

describe('createAccountsClient', () => {
  it('never puts more calls in one request than the hub takes', async () => {
    const batches: number[] = [];
    const accounts = createAccountsClient({
      url: 'https://accounts.example.test',
      token: 'acc_env_test',
      fetch: async (url) => {
        const path = new URL(String(url)).pathname.slice('/trpc/'.length);
        const calls = path.split(',').length;
        batches.push(calls);
        const whoAmI = {
          client: { id: 'c', name: 'C', isFirstParty: false },
          environment: { id: 'e', name: 'E' },
        };
        const body = Array.from({ length: calls }, () => ({ result: { data: { json: whoAmI } } }));
        return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
      },
    });
    const answers = await Promise.all(Array.from({ length: 45 }, () => accounts.directory.whoAmI.query()));
    expect(answers).toHaveLength(45);
    expect(Math.max(...batches)).toBe(MAX_BATCH_CALLS);
    expect(batches.reduce((sum, calls) => sum + calls, 0)).toBe(45);
  });
});
