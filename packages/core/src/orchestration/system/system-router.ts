import { publicProcedure, router } from '../../kernel/trpc.ts';
import { checkReadiness } from './readiness.ts';

export const systemRouter = router({
  /** No database, no auth: the tRPC layer's own cost, for benchmarks and liveness from clients. */
  ping: publicProcedure.query(() => 'pong' as const),
  /** Proves the whole path: browser -> tRPC -> Hono -> router -> MikroORM -> PostgreSQL. */
  health: publicProcedure.query(async ({ ctx }) => {
    const readiness = await checkReadiness(ctx.hub.orm, ctx.em);
    return {
      status: readiness.database === 'up' && readiness.pendingMigrations === 0 ? 'ok' : 'degraded',
      ...readiness,
      authScheme: ctx.config.authScheme,
      time: new Date(),
    } as const;
  }),
});
