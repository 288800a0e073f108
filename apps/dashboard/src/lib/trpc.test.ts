import { MAX_BATCH_CALLS } from '@accounts/core/kernel/browser';
import { TRPCClientError } from '@trpc/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTrpcClient, shouldRetryQuery } from './trpc.ts';

describe('the dashboard’s tRPC client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('never puts more calls in one request than the API takes', async () => {
    const batches: number[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const path = new URL(url, 'http://hub.test').pathname.slice('/trpc/'.length);
      const calls = path.split(',').length;
      batches.push(calls);
      const body = Array.from({ length: calls }, () => ({ result: { data: { json: 'pong' } } }));
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    });
    const client = makeTrpcClient();
    // Started together, as a page's loaders and queries are.
    const answers = await Promise.all(Array.from({ length: 45 }, () => client.system.ping.query()));
    expect(answers).toEqual(Array(45).fill('pong'));
    expect(Math.max(...batches)).toBe(MAX_BATCH_CALLS);
    expect(batches.reduce((sum, calls) => sum + calls, 0)).toBe(45);
  });
});

describe('how failed questions are retried', () => {
  const answered = (httpStatus: number) =>
    Object.assign(new TRPCClientError('refused'), { data: { httpStatus, code: 'X' } });

  it('tries an unreachable API once more, then lets the page show its error', () => {
    const unreachable = new TRPCClientError('Failed to fetch');
    expect(shouldRetryQuery(0, unreachable)).toBe(true);
    expect(shouldRetryQuery(1, unreachable)).toBe(false);
    expect(shouldRetryQuery(0, answered(503))).toBe(true);
  });

  it('never retries a refusal: it is an answer', () => {
    expect(shouldRetryQuery(0, answered(403))).toBe(false);
    expect(shouldRetryQuery(0, answered(400))).toBe(false);
  });
});
