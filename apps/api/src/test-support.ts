import { type AppOptions, createApp } from './app.ts';
import { loadTrpcFastPath } from './env.ts';

/**
 * The app as the tests build it: /trpc on the fast path or on tRPC's stock adapter, as
 * TRPC_FAST_PATH says. vitest.config.ts runs the suite both ways.
 */
export function testApp(options: AppOptions): ReturnType<typeof createApp> {
  return createApp({ trpcFastPath: loadTrpcFastPath(), ...options });
}
