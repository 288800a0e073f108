import { MAX_BATCH_CALLS } from '@accounts/core/kernel/browser';
import type { AppRouter } from '@accounts/core/orchestration';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext, createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import superjson from 'superjson';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type TrpcClient = ReturnType<typeof makeTrpcClient>;
export type TrpcOptions = ReturnType<typeof makeTrpcOptions>;

/** The error of a tRPC call as the API shaped it (see trpc.ts errorFormatter). */
export type ApiError = TRPCClientError<AppRouter>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** True when the API answered that nobody is signed in (or the session ended). */
export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.data?.code === 'UNAUTHORIZED';
}

export function fieldErrorsOf(error: unknown): Record<string, string[]> | null {
  return isApiError(error) ? (error.data?.fieldErrors ?? null) : null;
}

/**
 * One quick retry, for a blip (a restart, a dropped connection), then the error and its "Try
 * again" button: with the API down a person used to watch "Loading…" for ~6 s (two retries with
 * growing pauses, in the route's loader and again in the page). Refusals are answers, not
 * outages: retrying them only delays the message.
 */
export const QUERY_RETRY_DELAY_MS = 400;

export function shouldRetryQuery(failures: number, error: unknown): boolean {
  if (failures >= 1) return false;
  return !(error instanceof TRPCClientError && error.data?.httpStatus < 500);
}

export interface QueryClientOptions {
  /** Called when any query or mutation learns the session is gone. */
  onUnauthorized?: () => void;
}

export function makeQueryClient(options: QueryClientOptions = {}) {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) options.onUnauthorized?.();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: shouldRetryQuery,
        retryDelay: QUERY_RETRY_DELAY_MS,
      },
    },
  });
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    // Queries started together (route loaders, parallel useQuery) travel in one HTTP request, of
    // at most as many calls as the API takes in one (more it refuses whole).
    links: [httpBatchLink({ url: '/trpc', transformer: superjson, maxItems: MAX_BATCH_CALLS })],
  });
}

/** The same query options as `useTRPC()`, for code outside components (route loaders). */
export function makeTrpcOptions(client: TrpcClient, queryClient: QueryClient) {
  return createTRPCOptionsProxy<AppRouter>({ client, queryClient });
}
