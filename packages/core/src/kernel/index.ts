/**
 * The kernel's public module for the apps (@accounts/core/kernel). Inside core, layers import
 * kernel files directly: the kernel is the shared floor, not a domain. Only what the apps use is
 * here; add an export when an app needs it.
 */
export { AuditEntry } from './audit/entities.ts';
export { systemClock } from './clock.ts';
export type { EncryptionKey, HubConfig, SignupMode } from './config.ts';
export { SIGNUP_MODES } from './config.ts';
export type { BaseContext, CookieOptions, Hub, Logger, RequestInfo, ResponseControl } from './context.ts';
export { createContext, silentLogger } from './context.ts';
export { currentRequestId, runWithRequestId } from './correlation.ts';
export { hashSecret, verifySecret } from './crypto/argon2.ts';
export { safeEqual } from './crypto/tokens.ts';
export { isDatabaseUnreachable } from './db/unreachable.ts';
export { HubError, httpStatusOf, hubErrorOf, unauthenticated } from './errors.ts';
export type { HubEventData } from './events/event-payloads.ts';
export type { EVENT_WEBHOOK_TYPES, HubEventType } from './events/outbox.ts';
export { emitEvent } from './events/outbox.ts';
export { OutboxEvent } from './events/outbox-event.ts';
export type { BatchReport, Job } from './jobs.ts';
export { startLoop } from './jobs.ts';
export { OutgoingMail } from './outgoing-mail/entity.ts';
export { isCleanText, multilineText, nameText, TEXT_REFUSED, text } from './text-schemas.ts';
export { publicProcedure, requestRefusal, router } from './trpc.ts';
export { MAX_BATCH_CALLS } from './trpc-schemas.ts';
