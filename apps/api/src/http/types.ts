import type { Hub } from '@accounts/core/kernel';

export type AppEnv = {
  Variables: {
    requestId: string;
    trustProxy: boolean;
    hub: Hub;
  };
};
