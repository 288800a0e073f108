import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@accounts/core/kernel';
import { openDatabase } from '@accounts/core/orchestration';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { describe, expect, it } from 'vitest';
import { createNodeServer } from './http/node-server.ts';
import { securityHeaders } from './http/security-headers.ts';
import { testApp } from './test-support.ts';

describe('HTTP edge', () => {
  const hub = useTestHub(() => testConfig());
  const app = () => testApp({ hub: hub() });

  it('answers /healthz and /readyz', async () => {
    const health = await app().request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await app().request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'up', pendingMigrations: 0 });
  });

  it('serves the system.health procedure through tRPC with data from PostgreSQL', async () => {
    const response = await app().request('/trpc/system.health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { json: unknown } } };
    expect(body.result.data.json).toMatchObject({ status: 'ok', database: 'up', pendingMigrations: 0 });
  });

  it('returns a request id and security headers on every response of the real server', async () => {
    const server = createNodeServer(app(), {
      headers: securityHeaders({ https: true }),
      lifecycle: { draining: false },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        headers: { 'x-request-id': 'abc-123' },
      });
      expect(response.headers.get('x-request-id')).toBe('abc-123');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      const missing = await fetch(`http://127.0.0.1:${port}/nope`, {
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(missing.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses oversized bodies on the real server, declared or chunked, and reads the others', async () => {
    const server = createNodeServer(app(), { headers: [], lifecycle: { draining: false } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // node:http rather than fetch: the server answers 413 without reading the rest, and may
    // close the connection while the client is still sending, which fetch reports as a failure.
    const post = (body: string, chunked = false) =>
      new Promise<number>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          path: '/webhooks/paddle',
          method: 'POST',
          agent: false,
          headers: chunked
            ? { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        });
        req.once('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        req.once('error', reject);
        if (chunked)
          for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.slice(at, at + 64 * 1024));
        req.end(chunked ? undefined : body);
      });
    try {
      expect(await post('x'.repeat(2 * 1024 * 1024))).toBe(413);
      expect(await post('x'.repeat(2 * 1024 * 1024), true)).toBe(413);
      // Within the limit the body reaches the route: unsigned, so 401 either way.
      expect(await post('{"event_id":"evt_1"}')).toBe(401);
      expect(await post('x'.repeat(64 * 1024), true)).toBe(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends HSTS only when served over https', () => {
    expect(securityHeaders({ https: false }).map(([name]) => name)).not.toContain(
      'strict-transport-security',
    );
  });

  it('answers unknown paths and procedures with clear JSON, never a stack trace', async () => {
    const missing = await app().request('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'Nothing here: GET /nope' },
    });
    const procedure = await app().request('/trpc/system.nothing');
    expect(procedure.status).toBe(404);
    const text = await procedure.text();
    expect(text).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it('refuses oversized bodies', async () => {
    const response = await app().request('/trpc/system.health', {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
  });

  it('reports not ready with 503 when the database does not answer', async () => {
    const orm = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/unreachable' });
    const response = await testApp({ hub: { orm, config: testConfig(), log: silentLogger } }).request(
      '/readyz',
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'not ready', database: 'down' });
    await orm.close(true);
  });
});
