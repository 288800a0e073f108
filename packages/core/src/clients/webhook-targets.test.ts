import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubError } from '../kernel/errors.ts';
import { validateWebhookUrl } from './urls.ts';
import { type AddressPolicy, blockedAddressReason, postWebhook } from './webhook-targets.ts';

// Names under .rebind.test answer from this table, one answer per lookup (the last one repeats),
// so a test can play a DNS server that changes its answer between two lookups of one name.
const answers = new Map<string, string[][]>();
const lookups: string[] = [];
vi.mock('node:dns', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:dns')>();
  const lookup = (hostname: string, options: unknown, callback: unknown) => {
    const queue = answers.get(hostname);
    if (!queue) return (actual.lookup as (...args: unknown[]) => void)(hostname, options, callback);
    lookups.push(hostname);
    const addresses: LookupAddress[] = (queue.length > 1 ? queue.shift()! : queue[0]!).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
    process.nextTick(() => (callback as (error: null, addresses: LookupAddress[]) => void)(null, addresses));
  };
  return { ...actual, lookup, default: { ...actual, lookup } };
});

/** Every special-purpose range, with addresses inside it; each must be refused. */
const BLOCKED: Record<string, string[]> = {
  'unspecified / "this network"': ['0.0.0.0', '0.1.2.3', '::'],
  loopback: ['127.0.0.1', '127.1.2.3', '::1'],
  'private networks': ['10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1'],
  'unique local': ['fd00::1', 'fc12:3456::1'],
  'link-local (cloud metadata)': ['169.254.169.254', 'fe80::1', 'febf::1'],
  'site-local (deprecated)': ['fec0::1', 'feff::1'],
  'carrier-grade NAT 100.64/10': ['100.64.0.1', '100.127.255.254'],
  'benchmarking 198.18/15, 2001:2::/48': ['198.18.0.1', '198.19.255.254', '2001:2::1'],
  documentation: ['192.0.2.1', '198.51.100.1', '203.0.113.1', '2001:db8::1', '3fff::1'],
  'IETF protocol assignments': ['192.0.0.8', '2001:20::1'],
  multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff05::1:3'],
  broadcast: ['255.255.255.255'],
  'reserved 240/4': ['240.0.0.1', '250.1.2.3'],
  'IPv4-mapped IPv6': ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:8.8.8.8'],
  'IPv4-compatible IPv6': ['::7f00:1', '::a00:1'],
  '6to4 2002::/16 and its relay 192.88.99/24': ['2002:7f00:1::1', '2002:a00:1::', '192.88.99.1'],
  'Teredo 2001::/32': ['2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
  'NAT64 64:ff9b::/96 and 64:ff9b:1::/48': ['64:ff9b::7f00:1', '64:ff9b::a00:1', '64:ff9b:1::a00:1'],
  'discard 100::/64': ['100::1'],
  'outside IPv6 global unicast 2000::/3': ['4000::1', '1::1'],
};
const PUBLIC = [
  '93.184.215.14',
  '8.8.8.8',
  '172.32.0.1',
  '100.128.0.1',
  '198.20.0.1',
  '2606:4700:4700::1111',
  '2a00:1450::1',
  '2001:4860:4860::8888',
];

const literal = (address: string) => (address.includes(':') ? `[${address}]` : address);

function refusalOf(url: string): string | null {
  try {
    validateWebhookUrl(url, false);
    return null;
  } catch (error) {
    if (error instanceof HubError) return error.message;
    throw error;
  }
}

describe('webhook target addresses', () => {
  for (const [range, addresses] of Object.entries(BLOCKED)) {
    it(`refuses ${range} as a webhook URL, with the reason in words`, () => {
      for (const address of addresses) {
        expect(refusalOf(`https://${literal(address)}/hooks`), address).toMatch(
          /^Webhooks go to public addresses only; .+ is (a|an|the) .+\.$/,
        );
        expect(blockedAddressReason(address), address).not.toBeNull();
      }
    });
  }

  it('refuses loopback however the URL spells it', () => {
    for (const url of ['https://0x7f.1/hooks', 'https://2130706433/hooks', 'https://127.000.000.001/']) {
      expect(refusalOf(url), url).toContain('loopback');
    }
    expect(blockedAddressReason('not-an-address')).toBe('not an IP address');
  });

  it('lets public addresses through', () => {
    for (const address of PUBLIC) {
      expect(blockedAddressReason(address), address).toBeNull();
      expect(refusalOf(`https://${literal(address)}/hooks`), address).toBeNull();
    }
  });
});

describe('webhook delivery to a name', () => {
  let server: Server;
  let port: number;
  const arrived: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      arrived.push(request.headers.host ?? '');
      request.resume().on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    answers.clear();
    lookups.length = 0;
    arrived.length = 0;
  });

  const post = (host: string, refusal?: AddressPolicy) =>
    postWebhook(
      {
        url: `http://${host}:${port}/hooks`,
        headers: {},
        body: '{}',
        timeoutMs: 2000,
        allowPrivateTargets: false,
      },
      refusal,
    );

  it('refuses a name that resolves to a private address, even among public ones, and connects nowhere', async () => {
    for (const [name, addresses] of [
      ['mixed.rebind.test', ['2606:4700:4700::1111', '10.0.0.1']],
      ['six-to-four.rebind.test', ['2002:7f00:1::1']],
      ['site-local.rebind.test', ['fec0::1']],
      ['teredo.rebind.test', ['2001::1']],
      ['loopback.rebind.test', ['127.0.0.1']],
    ] as const) {
      answers.set(name, [[...addresses]]);
      const outcome = await post(name);
      expect(outcome.statusCode, name).toBeNull();
      expect(outcome.error, name).toMatch(
        new RegExp(`^${name.replaceAll('.', '\\.')} resolves to .+, (a|an|the) `),
      );
    }
    expect(lookups).toHaveLength(5); // one lookup each, no second one to connect with
    expect(arrived).toEqual([]);
  });

  it('connects to the address it checked, whatever the name resolves to next (no DNS rebinding)', async () => {
    // A policy that lets only 127.0.0.1 through stands in for "public"; the receiver listens there.
    const onlyFirstLoopback: AddressPolicy = (address) => (address === '127.0.0.1' ? null : 'refused here');
    answers.set('flip.rebind.test', [['127.0.0.1'], ['127.0.0.2']]);
    const first = await post('flip.rebind.test', onlyFirstLoopback);
    expect(first).toMatchObject({ statusCode: 204, error: null });
    expect(lookups).toEqual(['flip.rebind.test']);
    expect(arrived).toEqual([`flip.rebind.test:${port}`]);

    // The next lookup of the name answers the refused address: nothing is sent there.
    answers.set('flop.rebind.test', [['127.0.0.2'], ['127.0.0.1']]);
    const refused = await post('flop.rebind.test', onlyFirstLoopback);
    expect(refused.error).toBe('flop.rebind.test resolves to 127.0.0.2, refused here');
    expect(arrived).toHaveLength(1);
  });
});
