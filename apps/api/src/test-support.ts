import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from './app.ts';
import { loadTrpcFastPath } from './env.ts';
import { createNodeServer } from './http/node-server.ts';

/**
 * The app as the tests build it: /trpc on the fast path or on tRPC's stock adapter, as
 * TRPC_FAST_PATH says. vitest.config.ts runs the suite both ways.
 */
export function testApp(options: AppOptions): ReturnType<typeof createApp> {
  return createApp({ trpcFastPath: loadTrpcFastPath(), ...options });
}

export interface ServedApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** An app behind the real Node server (http/node-server.ts) on a free loopback port. */
export async function serveApp(app: ReturnType<typeof createApp>): Promise<ServedApp> {
  const server = createNodeServer(app, { headers: [], lifecycle: { draining: false } });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
