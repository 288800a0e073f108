import { staffProcedure } from '../../identity/index.ts';
import {
  listOutgoingMail,
  outgoingMailIdSchema,
  outgoingMailListSchema,
  resendOutgoingMail,
} from '../../kernel/outgoing-mail/staff.ts';
import { router } from '../../kernel/trpc.ts';

/** Staff: the hub's own mail that could not be sent (and what is still waiting), and sending it again. */
export const outgoingMailRouter = router({
  list: staffProcedure
    .input(outgoingMailListSchema)
    .query(({ ctx, input }) => listOutgoingMail(ctx.em, input)),
  resend: staffProcedure
    .input(outgoingMailIdSchema)
    .mutation(({ ctx, input }) => resendOutgoingMail(ctx.em, input.id)),
});
