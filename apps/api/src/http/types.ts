import type { Hub } from '@accounts/core/kernel';

export type AppEnv = {
  Variables: {
    requestId: string;
    trustProxy: boolean;
    hub: Hub;
    /** On /trpc: the procedure names the request calls (http/trpc-calls.ts), for the metrics. */
    trpcCalls?: string[];
  };
};
