import { type LookupAddress, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Outgoing webhook requests must not become a way into our own network (SSRF). Every address a
 * name resolves to is checked, the connection goes to the checked address (no second lookup an
 * attacker's DNS could answer differently), and redirects are never followed.
 *
 * Which addresses are public comes from ipaddr.js's table of special-purpose ranges (IANA's
 * registries: private, loopback, link-local, carrier-grade NAT, benchmarking, documentation,
 * multicast, broadcast, reserved, and the IPv6 forms that carry an IPv4 address: IPv4-mapped,
 * 6to4, Teredo, NAT64), not a list of our own that falls behind. IPv6 must also lie in global
 * unicast (2000::/3): that refuses what the table calls plain unicast but no public host uses,
 * such as IPv4-compatible ::a.b.c.d and whatever the registries reserve next.
 */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/** ipaddr.js's range names, in words for staff reading why a webhook was refused. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  loopback: 'a loopback address (this machine)',
  linkLocal: 'a link-local address',
  private: 'a private network address',
  uniqueLocal: 'a private network address (unique local)',
  deprecatedSiteLocal: 'a site-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  ipv4Mapped: 'an IPv4-mapped address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'a NAT64 address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
};

/**
 * Why an address may not receive webhooks, in words ("a loopback address (this machine)"), or null
 * for a public address. Anything that is not an IP address in Node's own notation is refused.
 */
export function blockedAddressReason(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    if (!isIP(address)) return 'not an IP address';
    parsed = ipaddr.parse(address);
  } catch {
    // Node and ipaddr.js disagreeing about a form: refused, never thrown inside a DNS callback.
    return 'not an IP address';
  }
  const range = parsed.range();
  if (range !== 'unicast') return RANGE_WORDS[range] ?? 'an address reserved for special use';
  if (parsed.kind() === 'ipv6' && !(parsed as ipaddr.IPv6).match(GLOBAL_UNICAST)) {
    return 'an address reserved for special use';
  }
  return null;
}

/** True for private, loopback, link-local and every other non-public address (and non-addresses). */
export function isBlockedAddress(address: string): boolean {
  return blockedAddressReason(address) !== null;
}

export class BlockedTargetError extends Error {
  override name = 'BlockedTargetError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Why an address may not be connected to, or null where it may (blockedAddressReason in production). */
export type AddressPolicy = (address: string) => string | null;

/**
 * A `lookup` for http.request: the name is resolved once, the whole name is refused if any of its
 * addresses is, and the connection is handed the very addresses that were checked.
 */
function checkedLookup(refusal: AddressPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const entry of addresses) {
        const reason = refusal(entry.address);
        if (reason) {
          return callback(new BlockedTargetError(`${hostname} resolves to ${entry.address}, ${reason}`), []);
        }
      }
      const usable = options.family
        ? addresses.filter((entry) => entry.family === options.family)
        : addresses;
      const first = usable[0];
      if (!first)
        return callback(
          Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' }),
          [],
        );
      if (options.all) return callback(null, usable);
      return callback(null, first.address, first.family);
    });
  };
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
 * address checkedLookup checked when it was opened, so reuse cannot be steered elsewhere by DNS.
 * Sockets opened while private targets were allowed are never lent to a request that refuses
 * them: each setting (and each address policy) has its own agents. A request waiting for a connection spends its timeout
 * waiting, so callers keep at most this many requests to one origin in flight.
 */
export const MAX_CONNECTIONS_PER_ORIGIN = 100;
const IDLE_SOCKET_MS = 4_000;
const agentsByPolicy = new WeakMap<AddressPolicy, Map<string, http.Agent>>();

function agentFor(
  protocol: 'http:' | 'https:',
  allowPrivateTargets: boolean,
  refusal: AddressPolicy,
): http.Agent {
  let agents = agentsByPolicy.get(refusal);
  if (!agents) {
    agents = new Map();
    agentsByPolicy.set(refusal, agents);
  }
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

/**
 * POSTs one webhook; never throws. The timeout covers lookup, connect, response and body. Unless
 * private targets are allowed, the target's addresses must pass `refusal` (tests pass their own to
 * reach a receiver on loopback through the check).
 */
export function postWebhook(
  request: WebhookRequest,
  refusal: AddressPolicy = blockedAddressReason,
): Promise<WebhookResponse> {
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
    const literalRefused = !request.allowPrivateTargets && isIP(host) ? refusal(host) : null;
    if (literalRefused) return finish(null, `${host} is ${literalRefused}`);
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!transport) return finish(null, `unsupported protocol ${url.protocol}`);

    const outgoing = transport.request(url, {
      method: 'POST',
      agent: agentFor(url.protocol as 'http:' | 'https:', request.allowPrivateTargets, refusal),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'accounts-hub-webhooks/1',
        ...request.headers,
      },
      ...(request.allowPrivateTargets ? {} : { lookup: checkedLookup(refusal) as never }),
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
