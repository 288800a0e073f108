import type { Hub } from '@accounts/core/kernel';
import { openDatabase } from '@accounts/core/orchestration';
import type { ApiEnv } from './env.ts';
import { createLogger } from './logger.ts';

/** What every process of this app (server, worker, CLI) opens at start. */
export async function openHub(env: ApiEnv): Promise<Hub> {
  const log = createLogger(env.logLevel);
  const orm = await openDatabase({ url: env.databaseUrl, poolMax: env.dbPoolMax });
  return { orm, config: env.hub, log };
}
