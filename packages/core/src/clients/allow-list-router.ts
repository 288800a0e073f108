import { z } from 'zod';
import { staffProcedure } from '../identity/index.ts';
import { pageInput } from '../kernel/paging.ts';
import { nameText, text } from '../kernel/text-schemas.ts';
import { router } from '../kernel/trpc.ts';
import { addAllowListEntry, listAllowList, removeAllowListEntry } from './allow-list.ts';
import { allowListPatternSchema } from './schemas.ts';
import { staffChange } from './staff-change.ts';

/** Who may sign up while sign-up is closed: addresses and whole `@domain`s. */
export const allowListRouter = router({
  list: staffProcedure
    .input(z.object({ search: nameText.trim().max(254).optional(), ...pageInput }))
    .query(({ ctx, input }) => listAllowList(ctx.em, input)),
  add: staffProcedure
    .input(z.object({ pattern: allowListPatternSchema, note: text.trim().max(500).nullish() }))
    .mutation(({ ctx, input }) => addAllowListEntry(ctx.em, staffChange(ctx), input)),
  remove: staffProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    await removeAllowListEntry(ctx.em, staffChange(ctx), input.id);
    return { deleted: true as const };
  }),
});
