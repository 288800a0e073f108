import type { Hub } from '@accounts/core/context';

export type AppEnv = {
  Variables: {
    requestId: string;
    trustProxy: boolean;
    hub: Hub;
  };
};
