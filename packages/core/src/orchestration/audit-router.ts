import { z } from 'zod';
import { staffProcedure } from '../identity/index.ts';
import { auditFilterOptions, listAuditEntries } from '../kernel/audit/list.ts';
import { pageInput } from '../kernel/paging.ts';
import { nameText, text } from '../kernel/text-schemas.ts';
import { router } from '../kernel/trpc.ts';

/** Years 1 to 9999: a date PostgreSQL's timestamptz can compare with (year -39992 was a 500). */
const instant = z
  .date()
  .min(new Date('0001-01-01T00:00:00Z'), 'Choose a date between the years 1 and 9999.')
  .max(new Date('9999-12-31T23:59:59.999Z'), 'Choose a date between the years 1 and 9999.');

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
          from: instant.optional(),
          to: instant.optional(),
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
