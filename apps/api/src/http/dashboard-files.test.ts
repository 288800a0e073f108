import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test-support.ts';
import { acceptedEncodings } from './dashboard-files.ts';
import { createNodeServer } from './node-server.ts';
import { securityHeaders } from './security-headers.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch decodes bodies and normalises paths, and both are under test. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard files', () => {
  const hub = useTestHub(() => testConfig());
  const parent = mkdtempSync(join(tmpdir(), 'dashboard-files-'));
  const dist = join(parent, 'dist');
  const script = `export const greeting = ${JSON.stringify('hello '.repeat(500))};\n`;
  const shell = '<!doctype html><title>Accounts</title><div id="root"></div>';
  const signInShell =
    '<!doctype html><link rel="modulepreload" href="/assets/sign-in.js"><div id="root"></div>';
  let server: ReturnType<typeof createNodeServer>;
  let port = 0;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    mkdirSync(join(dist, '.vite'));
    writeFileSync(join(dist, 'index.html'), shell);
    mkdirSync(join(dist, 'sign-in'));
    writeFileSync(join(dist, 'sign-in/index.html'), signInShell);
    writeFileSync(join(dist, '.vite/manifest.json'), '{"manifest":true}');
    writeFileSync(join(dist, 'assets/app-abc123.js'), script);
    writeFileSync(join(dist, 'assets/app-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(join(dist, 'assets/app-abc123.js.gz'), gzipSync(script));
    writeFileSync(join(dist, 'assets/tiny-abc123.css'), 'a{}');
    writeFileSync(join(parent, 'secret.txt'), 'not for the web');
    server = createNodeServer(testApp({ hub: hub(), dashboardDir: dist }), {
      headers: securityHeaders({ https: false }),
      lifecycle: { draining: false },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(parent, { recursive: true, force: true });
  });

  it('sends brotli to a browser that takes it, with the headers a cache needs', async () => {
    const reply = await get(port, '/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers.vary).toBe('Accept-Encoding');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(reply.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(reply.body).toString()).toBe(script);
    // Security headers still come from the Node layer.
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends gzip when brotli is not accepted, and the plain file when nothing is', async () => {
    const gzip = await get(port, '/assets/app-abc123.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    for (const acceptEncoding of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const plain = await get(
        port,
        '/assets/app-abc123.js',
        acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      );
      expect(plain.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(script));
      expect(plain.body.toString()).toBe(script);
    }
  });

  it('reads q-values and wildcards in Accept-Encoding', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip;q=1.0, br;q=0')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0.5, gzip;q=0')).toEqual(['br']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });

  it('serves a small file without a compressed copy as it is, with no Vary', async () => {
    const reply = await get(port, '/assets/tiny-abc123.css', { 'accept-encoding': 'br, gzip' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.headers.vary).toBeUndefined();
    expect(reply.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(reply.body.toString()).toBe('a{}');
  });

  it('answers a matching If-None-Match with 304 and tells encodings apart by ETag', async () => {
    const br = await get(port, '/assets/app-abc123.js', { 'accept-encoding': 'br' });
    const gzip = await get(port, '/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    const etag = String(br.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(gzip.headers.etag).not.toBe(etag);

    const again = await get(port, '/assets/app-abc123.js', {
      'accept-encoding': 'br',
      'if-none-match': etag,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers.vary).toBe('Accept-Encoding');
    // The brotli tag does not validate the gzip representation.
    const other = await get(port, '/assets/app-abc123.js', {
      'accept-encoding': 'gzip',
      'if-none-match': etag,
    });
    expect(other.status).toBe(200);
    expect(gunzipSync(other.body).toString()).toBe(script);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get(port, '/assets/app-abc123.js', { 'accept-encoding': 'br' }, 'HEAD');
    const full = await get(port, '/assets/app-abc123.js', { 'accept-encoding': 'br' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(full.headers['content-length']);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers.etag).toBe(full.headers.etag);
  });

  it('gives client-side routes the app shell, revalidated on each use', async () => {
    for (const path of ['/', '/security', '/staff/users/123?tab=audit']) {
      const reply = await get(port, path, { 'accept-encoding': 'br, gzip' });
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.body.toString()).toBe(shell);
    }
    const head = await get(port, '/profile', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(shell.length);
  });

  it("gives a route the build wrote a shell for that shell, its page's chunks preloaded", async () => {
    for (const path of ['/sign-in', '/sign-in/', '/sign-in?return_to=%2Fprofile']) {
      const reply = await get(port, path);
      expect(reply.status, path).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.body.toString()).toBe(signInShell);
    }
    // Deeper routes are the client's: the plain shell.
    expect((await get(port, '/sign-in/error?reason=expired')).body.toString()).toBe(shell);
  });

  it('answers a missing asset with 404, not the app shell a script tag cannot run', async () => {
    const reply = await get(port, '/assets/app-old999.js');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toContain('application/json');
  });

  it('never serves files outside the dashboard or its dot-files', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '//etc/passwd',
      '/.vite/manifest.json',
      '/%2evite/manifest.json',
      '/assets/%00.js',
      '/%E0%A4%A',
    ]) {
      const reply = await get(port, path);
      expect(reply.body.toString(), path).not.toContain('not for the web');
      expect(reply.body.toString(), path).not.toContain('manifest');
      expect(reply.body.toString(), path).not.toContain('root:');
      expect([200, 400, 404], path).toContain(reply.status);
    }
  });

  it('leaves API replies alone', async () => {
    const reply = await get(port, '/healthz', { 'accept-encoding': 'br, gzip' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(reply.body.toString())).toEqual({ status: 'ok' });
  });
});
