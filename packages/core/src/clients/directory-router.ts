import { z } from 'zod';
import { notFound } from '../kernel/errors.ts';
import { text } from '../kernel/text-schemas.ts';
import { router } from '../kernel/trpc.ts';
import { checkSignupAllowed } from './allow-list.ts';
import { clientServerProcedure } from './procedures.ts';
import { findUserForClient } from './user-lookup.ts';

export interface WhoAmIDto {
  client: { id: string; name: string; isFirstParty: boolean };
  environment: { id: string; name: string };
}

/** What a client app's server may ask the hub about people. */
export const directoryRouter = router({
  /** The client and environment the calling token belongs to. */
  whoAmI: clientServerProcedure.query(
    ({ ctx }): WhoAmIDto => ({
      client: { id: ctx.client.id, name: ctx.client.name, isFirstParty: ctx.client.isFirstParty },
      environment: { id: ctx.environment.id, name: ctx.environment.environment },
    }),
  ),
  /**
   * A person by id or email: only people who have signed in to this client, unless the client is
   * first-party. Anyone else is "not found", exactly like someone who does not exist.
   */
  getUser: clientServerProcedure
    .input(
      z.union([
        z.object({ id: z.uuid() }).strict(),
        z.object({ email: text.pipe(z.email('Enter an email address.').max(254)) }).strict(),
      ]),
    )
    .query(async ({ ctx, input }) => {
      const user = await findUserForClient(ctx.em, ctx.client, input);
      if (!user) throw notFound('The user');
      return user;
    }),
  /** Sign-up gating: may this address create an account? */
  checkSignup: clientServerProcedure
    .input(z.object({ email: text.pipe(z.email('Enter an email address.').max(254)) }))
    .query(({ ctx, input }) => checkSignupAllowed(ctx.em, ctx.config, input.email)),
});
