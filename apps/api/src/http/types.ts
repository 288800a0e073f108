import type { Hub } from '@accounts/core/kernel/context';

export type AppEnv = {
  Variables: {
    requestId: string;
    trustProxy: boolean;
    hub: Hub;
  };
};
