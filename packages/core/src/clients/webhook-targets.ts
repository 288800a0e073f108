import { type LookupAddress, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Outgoing webhook requests must not become a way into our own network (SSRF). Every address a
 * name resolves to is checked, the connection goes to the checked address (no second lookup an
 * attacker's DNS could answer differently), and redirects are never followed.
 */
// Two lists: a BlockList also matches IPv4 addresses against IPv6 rules such as ::ffff:0:0/96.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blockedV4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped: would reach any IPv4 address, private ones included
  ['64:ff9b::', 96], // NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blockedV6.addSubnet(network, prefix, 'ipv6');
}

/** True for private, loopback, link-local and other non-public addresses (and non-addresses). */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blockedV4.check(address, 'ipv4');
  if (family === 6) return blockedV6.check(address, 'ipv6');
  return true;
}

export class BlockedTargetError extends Error {
  override name = 'BlockedTargetError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http.request that refuses the whole name if any of its addresses is blocked. */
function guardedLookup(
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: LookupCallback,
) {
  lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => isBlockedAddress(entry.address));
    if (refused) {
      return callback(
        new BlockedTargetError(
          `${hostname} resolves to ${refused.address}, a private, loopback or link-local address`,
        ),
        [],
      );
    }
    const usable = options.family ? addresses.filter((entry) => entry.family === options.family) : addresses;
    const first = usable[0];
    if (!first)
      return callback(
        Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' }),
        [],
      );
    if (options.all) return callback(null, usable);
    return callback(null, first.address, first.family);
  });
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

export interface WebhookResponse {
  statusCode: number | null;
  latencyMs: number;
  /** Why the attempt failed, in words for staff; null on a 2xx answer. */
  error: string | null;
}

const KEEP_BODY_BYTES = 512;

/**
 * Keep-alive connections, at most MAX_CONNECTIONS_PER_ORIGIN per origin: a new TCP (and TLS)
 * connection per delivery costs more than the delivery. A pooled socket stays connected to the
 * address guardedLookup checked when it was opened, so reuse cannot be steered elsewhere by DNS.
 * Sockets opened while private targets were allowed are never lent to a request that refuses
 * them: each setting has its own agents. A request waiting for a connection spends its timeout
 * waiting, so callers keep at most this many requests to one origin in flight.
 */
export const MAX_CONNECTIONS_PER_ORIGIN = 100;
const IDLE_SOCKET_MS = 4_000;
const agents = new Map<string, http.Agent>();

function agentFor(protocol: 'http:' | 'https:', allowPrivateTargets: boolean): http.Agent {
  const key = `${protocol}${allowPrivateTargets}`;
  let agent = agents.get(key);
  if (!agent) {
    const options: http.AgentOptions = {
      keepAlive: true,
      maxSockets: MAX_CONNECTIONS_PER_ORIGIN,
      maxFreeSockets: MAX_CONNECTIONS_PER_ORIGIN,
      // Under the 5 s Node servers (and many others) keep an idle connection, so an idle socket is
      // dropped here before the receiver closes it under a request.
      timeout: IDLE_SOCKET_MS,
      scheduling: 'lifo',
    };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** POSTs one webhook; never throws. The timeout covers lookup, connect, response and body. */
export function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<WebhookResponse>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, latencyMs: elapsed(), error });
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return finish(null, 'the webhook URL is not valid');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!request.allowPrivateTargets && isIP(host) && isBlockedAddress(host)) {
      return finish(null, `${host} is a private, loopback or link-local address`);
    }
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!transport) return finish(null, `unsupported protocol ${url.protocol}`);

    const outgoing = transport.request(url, {
      method: 'POST',
      agent: agentFor(url.protocol as 'http:' | 'https:', request.allowPrivateTargets),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'accounts-hub-webhooks/1',
        ...request.headers,
      },
      ...(request.allowPrivateTargets ? {} : { lookup: guardedLookup as never }),
    });
    timer = setTimeout(() => {
      outgoing.destroy(new Error(`no complete answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    outgoing.on('error', (error) => finish(null, error.message));
    outgoing.on('response', (response) => {
      const kept: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < KEEP_BODY_BYTES) kept.push(chunk);
        size += chunk.length;
      });
      response.on('error', (error) => finish(response.statusCode ?? null, error.message));
      response.on('end', () => {
        const status = response.statusCode ?? null;
        if (status !== null && status >= 200 && status < 300) return finish(status, null);
        const text = Buffer.concat(kept).toString('utf8').slice(0, KEEP_BODY_BYTES).trim();
        const location =
          status !== null && status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
        finish(status, `HTTP ${status}${location}${text ? `: ${text}` : ''}`);
      });
    });
    outgoing.end(request.body);
  });
}
