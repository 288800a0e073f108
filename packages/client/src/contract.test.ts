// The generated contract must say exactly what the hub's router and event types say. This is a
// type test: `pnpm typecheck` fails when they drift (regenerate with `pnpm --filter
// @accounts/client generate`); at run time it only checks that the test file loads.
import type {
  MAX_BATCH_CALLS as CORE_MAX_BATCH_CALLS,
  HubEventData as CoreEventData,
  EVENT_WEBHOOK_TYPES,
} from '@accounts/core/kernel';
import type { AppRouter as HubRouter } from '@accounts/core/orchestration';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type { HubEventData, MAX_BATCH_CALLS } from './contract.generated.ts';
import type { AppRouter } from './index.ts';

type ClientNamespaces = keyof AppRouter['_def']['record'];

describe('the generated contract', () => {
  it('matches the hub’s server-to-server procedures, error shape and webhook payloads', () => {
    expectTypeOf<ClientNamespaces>().toEqualTypeOf<'directory' | 'clientAuth' | 'entitlements'>();
    expectTypeOf<inferRouterInputs<AppRouter>>().toEqualTypeOf<
      Pick<inferRouterInputs<HubRouter>, ClientNamespaces>
    >();
    expectTypeOf<inferRouterOutputs<AppRouter>>().toEqualTypeOf<
      Pick<inferRouterOutputs<HubRouter>, ClientNamespaces>
    >();
    expectTypeOf<AppRouter['_def']['_config']['$types']['errorShape']>().toEqualTypeOf<
      HubRouter['_def']['_config']['$types']['errorShape']
    >();
    expectTypeOf<HubEventData>().toEqualTypeOf<CoreEventData>();
    // Every event the hub emits has a payload type (plus staff's webhook.test).
    expectTypeOf<keyof HubEventData>().toEqualTypeOf<keyof typeof EVENT_WEBHOOK_TYPES | 'webhook.test'>();
    // The client's batches stay within what the hub takes.
    expectTypeOf<typeof MAX_BATCH_CALLS>().toEqualTypeOf<typeof CORE_MAX_BATCH_CALLS>();
  });
});
