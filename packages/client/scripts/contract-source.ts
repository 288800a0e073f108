// What scripts/generate-contract.ts reads: the hub's server-to-server procedures and webhook
// payloads, as types. Only this file and the type test import @accounts/core; nothing built does.
import type { HubEventData, MAX_BATCH_CALLS } from '@accounts/core/kernel';
import type { AppRouter } from '@accounts/core/orchestration';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** The namespaces a client app's server may call (clientServerProcedure). */
export type ClientNamespaces = 'directory' | 'clientAuth' | 'entitlements';

type Record_ = AppRouter['_def']['record'];

export type Procedures = {
  [N in ClientNamespaces]: {
    [P in keyof Record_[N] & keyof inferRouterInputs<AppRouter>[N]]: {
      type: Record_[N][P] extends { _def: { type: infer T } } ? T : never;
      input: inferRouterInputs<AppRouter>[N][P];
      output: inferRouterOutputs<AppRouter>[N][P];
    };
  };
};

export type ErrorShape = AppRouter['_def']['_config']['$types']['errorShape'];

export type Events = HubEventData;

/** The most calls the hub takes in one batched request, as a literal type. */
export type MaxBatchCalls = typeof MAX_BATCH_CALLS;
