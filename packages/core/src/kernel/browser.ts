/**
 * What a browser may load from kernel: zod schemas and constants (no server code), and the
 * types of what its procedures answer. The dashboard imports kernel only through this module.
 */
export type { AuditEntryDto } from './audit/list.ts';
export type { HubErrorReason } from './errors.ts';
export type { HubEventType } from './events/outbox.ts';
export { isCleanText, multilineText, nameText, TEXT_REFUSED, text } from './text-schemas.ts';
export { MAX_BATCH_CALLS } from './trpc-schemas.ts';
