import { z } from 'zod';
import { staffProcedure } from '../identity/index.ts';
import { auditFilterOptions, listAuditEntries } from '../kernel/audit/list.ts';
import { pageInput } from '../kernel/paging.ts';
import { nameText, text } from '../kernel/text-schemas.ts';
import { router } from '../kernel/trpc.ts';

export const auditRouter = router({
  /** Who changed what and when, newest first; every filter is optional. */
  list: staffProcedure
    .input(
      z
        .object({
          actorId: z.uuid().optional(),
          /** The actor's address as recorded, whatever became of their account. */
          actorEmail: nameText.trim().toLowerCase().max(254).optional(),
          entityType: text.trim().max(100).optional(),
          entityId: text.trim().max(100).optional(),
          action: text.trim().max(100).optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          ...pageInput,
        })
        .refine((input) => !input.from || !input.to || input.from < input.to, {
          message: 'The start must be before the end.',
          path: ['to'],
        }),
    )
    .query(({ ctx, input }) => listAuditEntries(ctx.em, input)),
  /** The entity types and actions recorded so far, for the log's filter choices. */
  filterOptions: staffProcedure.query(({ ctx }) => auditFilterOptions(ctx.em)),
});
