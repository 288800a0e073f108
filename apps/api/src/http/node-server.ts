import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Lifecycle } from '../app.ts';
import type { AppEnv } from './types.ts';

export const REQUEST_ID_HEADER = 'x-request-id';
const HARMLESS_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's request id is kept when it is harmless to log; otherwise we make one. */
export function requestIdFrom(given: string | string[] | undefined | null): string {
  return typeof given === 'string' && HARMLESS_ID.test(given) ? given : randomUUID();
}

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
