/**
 * The accounts hub's typed client for client apps' servers and internal tools.
 *
 * The hub's procedures and webhook payloads come from a contract generated from the hub's
 * router (`contract.generated.ts`), so this package carries no server code and no server types:
 * it is tRPC's client, superjson (the hub's wire format for dates and the like) and jose for
 * verifying the hub's access tokens.
 */
import { createTRPCClient, httpBatchLink, type TRPCClient, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import { MAX_BATCH_CALLS } from './contract.generated.ts';
import type { AppRouter } from './router.ts';

export type { HubErrorShape, HubProcedures } from './contract.generated.ts';

export {
  type AccessTokenClaims,
  AccessTokenError,
  type VerifyAccessTokenOptions,
  verifyAccessToken,
} from './verify-access-token.ts';
export type {
  SubscriptionEventData,
  WebhookEvent,
  WebhookEventData,
  WebhookEventType,
  WebhookUser,
} from './webhooks.ts';
export type { AppRouter };
export { TRPCClientError };

/** The input of every procedure: `RouterInputs['directory']['getUser']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** The output of every procedure: `RouterOutputs['directory']['getUser']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** A person as the directory shows them to a client app. */
export type DirectoryUser = RouterOutputs['directory']['getUser'];
export type SignupDecision = RouterOutputs['directory']['checkSignup'];
/** What `clientAuth.exchange` answers: the person and their tokens. */
export type ExchangeResult = RouterOutputs['clientAuth']['exchange'];
/** What `entitlements.forUser` answers: the person's plan and what it allows. */
export type UserEntitlements = RouterOutputs['entitlements']['forUser'];

export interface AccountsClientOptions {
  /** The hub's base URL, e.g. https://accounts.example.com */
  url: string;
  /** The environment's server-to-server token (`acc_env_…`). Keep it on the server. */
  token: string;
  /** Extra headers on every request (a request id, for instance). */
  headers?: Record<string, string>;
  /** Another fetch implementation (tests, proxies). */
  fetch?: typeof fetch;
}

/** Every procedure of the hub, typed: `await accounts.directory.getUser.query({ email })`. */
export type AccountsClient = TRPCClient<AppRouter>;

export function createAccountsClient(options: AccountsClientOptions): AccountsClient {
  if (!options.token.startsWith('acc_env_')) {
    throw new TypeError('createAccountsClient: token must be an environment token (acc_env_…).');
  }
  const base = options.url.replace(/\/+$/, '');
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        transformer: superjson,
        // Calls made together travel together, but never more than the hub takes in one request.
        maxItems: MAX_BATCH_CALLS,
        headers: () => ({ ...options.headers, authorization: `Bearer ${options.token}` }),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

/** An error the hub answered with (as opposed to, say, a network failure). */
export function isAccountsError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

/**
 * The hub's error code of a failed call (`NOT_FOUND`, `UNAUTHORIZED`, `BAD_REQUEST`, …), or null
 * when the call failed without an answer from the hub.
 */
export function accountsErrorCode(error: unknown): string | null {
  return isAccountsError(error) ? (error.data?.code ?? null) : null;
}
