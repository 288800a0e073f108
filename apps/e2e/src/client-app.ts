// A stand-in client app for browser tests: its server's tRPC client (environment token) and a
// callback endpoint that records the code and state the hub redirects back with.
import { createServer, type Server } from 'node:http';
import type { AppRouter } from '@accounts/core/orchestration';
import { freePort } from '@accounts/devkit/postgres';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';

export interface ClientAppServer {
  callbackUrl: string;
  /** Every redirect the browser made to the callback, as received. */
  callbacks: URL[];
  stop(): Promise<void>;
}

export async function startClientAppServer(): Promise<ClientAppServer> {
  const port = await freePort();
  const callbacks: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/callback') callbacks.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Demo app</title><h1>Back in the demo app</h1>');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    callbackUrl: `http://127.0.0.1:${port}/callback`,
    callbacks,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function hubClient(hubUrl: string, environmentToken: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${hubUrl}/trpc`,
        transformer: superjson,
        headers: { authorization: `Bearer ${environmentToken}` },
      }),
    ],
  });
}
