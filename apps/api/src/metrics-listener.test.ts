import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { testConfig, useTestHub } from '@accounts/core/testing';
import { freePort } from '@accounts/devkit/postgres';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

/** The API process in production, as an operator starts it (from the sources here). */
function startServer(env: Record<string, string>) {
  const output: string[] = [];
  const child = spawn(process.execPath, [SERVER], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function untilHealthy(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API did not become healthy:\n${output.join('')}`);
}

/** An address of this machine other than loopback, if it has one. */
function outsideAddress(): string | null {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (!entry.internal && entry.family === 'IPv4') return entry.address;
  }
  return null;
}

describe('/metrics in production', { timeout: 90_000 }, () => {
  const hub = useTestHub(() => testConfig());
  const production = async () => {
    const port = await freePort();
    return {
      port,
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: hub().database.url,
        PORT: String(port),
        HOST: '0.0.0.0',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        AUTH_SCHEME: 'password',
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        MAIL_DOMAINS: 'mail.test',
        PADDLE_API_KEY: 'pdl_metrics_test_key',
        PADDLE_CLIENT_TOKEN: 'test_metrics_client_token',
        SMTP_URL: 'smtp://127.0.0.1:9',
        PADDLE_WEBHOOK_SECRET: 'pdl_ntfset_metrics_test',
        DASHBOARD_DIR: '/nonexistent',
        LOG_LEVEL: 'warn',
        SHUTDOWN_DRAIN_MS: '0',
      } as Record<string, string>,
    };
  };

  it('refuses to start without METRICS_TOKEN or a loopback metrics listener', async () => {
    const { env, port } = await production();
    const cases: [Record<string, string>, RegExp][] = [
      [env, /METRICS_TOKEN: is required in production/],
      [
        { ...env, METRICS_PORT: String(await freePort()), METRICS_HOST: '0.0.0.0' },
        /METRICS_HOST: must be a loopback address/,
      ],
    ];
    for (const [settings, message] of cases) {
      const server = startServer(settings);
      try {
        // Exits, or (wrongly) starts serving: whichever comes first.
        const started = untilHealthy(`http://127.0.0.1:${port}`, server.child, server.output).then(
          () => 'started serving',
          () => 'exited',
        );
        expect(await Promise.race([server.exited, started])).toBe(78);
        expect(server.output.join('')).toMatch(message);
      } finally {
        server.child.kill('SIGKILL');
      }
    }
  });

  it('serves /metrics only on its own loopback listener when METRICS_PORT is set', async () => {
    const { env, port } = await production();
    const metricsPort = await freePort();
    const server = startServer({ ...env, METRICS_PORT: String(metricsPort) });
    try {
      await untilHealthy(`http://127.0.0.1:${port}`, server.child, server.output);
      expect((await fetch(`http://127.0.0.1:${port}/trpc/system.ping`)).status).toBe(200);
      // Not on the API's port, open to all…
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      // …but on its own, where only this machine reaches it.
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(
        /http_requests_total\{method="GET",route="trpc:system.ping",status="200"\} 1/,
      );
      const outside = outsideAddress();
      if (outside) {
        await expect(fetch(`http://${outside}:${metricsPort}/metrics`)).rejects.toThrow();
        expect((await fetch(`http://${outside}:${port}/healthz`)).status).toBe(200);
      }
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
