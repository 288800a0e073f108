import { TRPCClientError } from '@trpc/client';

/** What to tell a person when a request failed: the API's own message, or that it is unreachable. */
export function describeError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    if (!error.data) return 'The accounts service cannot be reached right now. Please try again in a moment.';
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className="state state-error">
      <p>{describeError(error)}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" aria-live="polite">
      {label}
    </p>
  );
}
