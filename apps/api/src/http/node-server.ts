import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Lifecycle } from './lifecycle.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.ts';
import type { AppEnv } from './types.ts';

export interface NodeServerOptions {
  headers: [string, string][];
  lifecycle: Lifecycle;
}

/**
 * The Node HTTP server in front of the Hono app. Per-response work that does not depend on the
 * route happens here, on Node's own response object: the static security headers, the request
 * id, and `Connection: close` while draining.
 */
export function createNodeServer(app: Hono<AppEnv>, options: NodeServerOptions): Server {
  const listener = getRequestListener(app.fetch);
  return createServer((req, res) => {
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    for (const [name, value] of options.headers) res.setHeader(name, value);
    if (options.lifecycle.draining) res.setHeader('connection', 'close');
    return listener(req, res);
  });
}
