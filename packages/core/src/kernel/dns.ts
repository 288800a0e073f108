import { Resolver } from 'node:dns/promises';

/**
 * The DNS lookups a custom-domain check needs. Production uses node:dns/promises; tests pass their
 * own implementation. A name without records may resolve to [] or reject with ENOTFOUND/ENODATA.
 */
export interface DnsResolver {
  resolveTxt(name: string): Promise<string[][]>;
  resolveMx(name: string): Promise<{ exchange: string; priority: number }[]>;
  resolveCname(name: string): Promise<string[]>;
}

/** The system resolver with a bounded wait, so a check never hangs a request. */
export function systemDnsResolver(timeoutMs = 4000): DnsResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  return {
    resolveTxt: (name) => resolver.resolveTxt(name),
    resolveMx: (name) => resolver.resolveMx(name),
    resolveCname: (name) => resolver.resolveCname(name),
  };
}

/** Errors that mean "no such record" rather than "could not look". */
export function isNoRecord(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOTFOUND' || code === 'ENODATA' || code === 'NXDOMAIN';
}
