/**
 * What one tRPC request may carry. A constant module (browser.ts passes it on): the API refuses
 * more, and the dashboard's and @accounts/client's batch links (`maxItems`) never send more.
 */

/**
 * Calls in one batched tRPC request. A bigger batch is refused whole with 400 before any of its
 * calls runs, so one request is at most this many calls' work, whoever sends it.
 */
export const MAX_BATCH_CALLS = 20;
