import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { VERIFIED_TRPC_SERVER_VERSION } from './trpc-version.ts';

/** The version of `@trpc/server` that a module at `from` imports. */
function installedFrom(from: URL): string {
  return (createRequire(from)('@trpc/server/package.json') as { version: string }).version;
}

describe('the tRPC the fast path was verified against', () => {
  it('is the one installed, for the API and for the core that builds the router', () => {
    const upgrade =
      '@trpc/server is not the version the fast path was verified against: follow "Upgrading tRPC" in apps/api/src/fast-path/README.md, then set VERIFIED_TRPC_SERVER_VERSION';
    expect(installedFrom(new URL(import.meta.url)), upgrade).toBe(VERIFIED_TRPC_SERVER_VERSION);
    expect(installedFrom(new URL('../../../../packages/core/package.json', import.meta.url)), upgrade).toBe(
      VERIFIED_TRPC_SERVER_VERSION,
    );
  });
});
