import { HubError } from '../kernel/errors.ts';
import { publicProcedure, toTrpcError } from '../kernel/trpc.ts';
import { authenticateClientToken } from './environment-tokens.ts';

/** Client apps' servers: `Authorization: Bearer <environment token>`, no cookies involved. */
export const clientServerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const match = /^Bearer (\S+)$/.exec(ctx.req.authorization ?? '');
  if (!match?.[1]) throw toTrpcError(new HubError('UNAUTHENTICATED', 'An environment token is required.'));
  const environment = await authenticateClientToken(ctx.em, match[1]).catch((error: unknown) => {
    throw error instanceof HubError ? toTrpcError(error) : error;
  });
  return next({ ctx: { environment, client: environment.client } });
});

/**
 * For a procedure that checks the environment token itself, in the same statement as its own read
 * (`clientAuth.verify`: decision 0064). A missing or malformed `Authorization` is refused here as
 * by `clientServerProcedure`; the procedure must refuse a token that is not an active environment's
 * (`authenticateClientTokenWithSession` does) before it answers anything.
 */
export const environmentTokenProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const match = /^Bearer (\S+)$/.exec(ctx.req.authorization ?? '');
  if (!match?.[1]) throw toTrpcError(new HubError('UNAUTHENTICATED', 'An environment token is required.'));
  return next({ ctx: { environmentToken: match[1] } });
});
