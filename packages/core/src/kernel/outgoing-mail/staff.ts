import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { notFound } from '../errors.ts';
import { type Page, pageInput, pageWindow } from '../paging.ts';
import { OutgoingMail } from './entity.ts';

export const outgoingMailListSchema = z.object({
  status: z.enum(['failed', 'pending', 'sent']).default('failed'),
  ...pageInput,
});

export const outgoingMailIdSchema = z.object({ id: z.uuid() });

/** A message as staff see it: never its body (a link in it may still be valid). */
export interface OutgoingMailDto {
  id: string;
  kind: string;
  userId: string | null;
  recipient: string;
  subject: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  /** Whether it can be sent again (a failed message whose body is still there). */
  canResend: boolean;
}

export async function listOutgoingMail(
  em: EntityManager,
  input: z.input<typeof outgoingMailListSchema>,
): Promise<Page<OutgoingMailDto> & { counts: Record<'pending' | 'failed', number> }> {
  const parsed = outgoingMailListSchema.parse(input);
  const { limit, offset } = pageWindow(parsed);
  const [rows, total] = await em.findAndCount(
    OutgoingMail,
    { status: parsed.status },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit, offset, fields: ['*', 'body'] },
  );
  const [pending, failed] = await Promise.all([
    em.count(OutgoingMail, { status: 'pending' }),
    em.count(OutgoingMail, { status: 'failed' }),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      userId: row.userId ?? null,
      recipient: row.recipient,
      subject: row.subject,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError ?? null,
      createdAt: row.createdAt,
      nextAttemptAt: row.nextAttemptAt,
      sentAt: row.sentAt ?? null,
      canResend: row.status === 'failed' && row.body != null,
    })),
    total,
    page: parsed.page,
    pageSize: parsed.pageSize,
    counts: { pending, failed },
  };
}

/** Puts a failed message back in line, with a fresh set of attempts (staff, after fixing the cause). */
export async function resendOutgoingMail(em: EntityManager, id: string): Promise<void> {
  const changed = await em.nativeUpdate(
    OutgoingMail,
    { id, status: 'failed', body: { $ne: null } },
    { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null, lockedUntil: null },
  );
  if (changed !== 1) throw notFound('A failed message that can be sent again');
}
