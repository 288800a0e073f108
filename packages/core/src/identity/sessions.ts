import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type ChangeSource, recordAccountChange } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import type { BaseContext } from '../kernel/context.ts';
import { randomToken, sha256 } from '../kernel/crypto/tokens.ts';
import type { HubEventData } from '../kernel/events/event-payloads.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import { Session, type SessionEntity, User, type UserEntity } from './entities.ts';
import { loadSessionByHash, type SessionInfo, type SessionUser, touchSession } from './session-lookup.ts';

export type { SessionInfo, SessionUser };

/** Plain values, not managed entities: see session-lookup.ts. */
export interface AuthenticatedSession {
  user: SessionUser;
  session: SessionInfo;
}

/** Touching a session on every request would write on every request; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

/** `__Host-` pins the cookie to our origin, but browsers accept it only when Secure (https). */
export function sessionCookieName(config: HubConfig): string {
  return config.publicUrl.startsWith('https://') ? '__Host-accounts_session' : 'accounts_session';
}

export interface NewSessionInfo {
  ip: string | null;
  userAgent: string | null;
  method: 'fxa' | 'password';
}

export async function createSession(
  em: EntityManager,
  config: HubConfig,
  user: UserEntity,
  info: NewSessionInfo,
): Promise<{ token: string; session: SessionEntity }> {
  const token = randomToken(32);
  const now = Date.now();
  const session = em.create(Session, {
    user,
    tokenHash: sha256(token),
    expiresAt: new Date(now + config.sessions.idleSeconds * 1000),
    absoluteExpiresAt: new Date(now + config.sessions.absoluteSeconds * 1000),
    ip: info.ip,
    userAgent: info.userAgent?.slice(0, 512) ?? null,
    method: info.method,
  });
  user.lastLogin = new Date(now);
  await em.flush();
  return { token, session };
}

export function setSessionCookie(ctx: Pick<BaseContext, 'config' | 'res'>, token: string): void {
  ctx.res.setCookie(sessionCookieName(ctx.config), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAgeSeconds: ctx.config.sessions.absoluteSeconds,
  });
}

export function clearSessionCookie(ctx: Pick<BaseContext, 'config' | 'res'>): void {
  ctx.res.deleteCookie(sessionCookieName(ctx.config));
}

const resolved = new WeakMap<BaseContext, Promise<AuthenticatedSession | null>>();

/** The session behind the request's cookie, or null; resolved once per request. */
export function resolveSession(ctx: BaseContext): Promise<AuthenticatedSession | null> {
  let pending = resolved.get(ctx);
  if (!pending) {
    pending = findSessionByToken(ctx.em, ctx.config, ctx.req.cookie(sessionCookieName(ctx.config)));
    resolved.set(ctx, pending);
  }
  return pending;
}

export async function findSessionByToken(
  em: EntityManager,
  config: HubConfig,
  token: string | undefined,
): Promise<AuthenticatedSession | null> {
  if (!token || token.length > 256) return null;
  const found = await loadSessionByHash(em, sha256(token));
  if (!found) return null;
  const { session, user } = found;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.absoluteExpiresAt.getTime() <= now || !user.isActive) {
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    const lastSeenAt = new Date(now);
    const expiresAt = new Date(
      Math.min(now + config.sessions.idleSeconds * 1000, session.absoluteExpiresAt.getTime()),
    );
    await touchSession(em, session.id, lastSeenAt, expiresAt);
    return { user, session: { ...session, lastSeenAt, expiresAt } };
  }
  return { user, session };
}

/**
 * Ends sessions matching `where` and announces each with a session.revoked event in the same
 * transaction. Deleting the row is what makes the very next request with its cookie fail.
 */
/** How an ending of sessions is recorded in the person's account history (none: not recorded). */
export interface SessionEndingRecord {
  source: ChangeSource;
}

async function endSessionsWhere(
  em: EntityManager,
  where: FilterQuery<SessionEntity>,
  record?: (tx: EntityManager, rows: { id: string; userId: string; userAgent: string | null }[]) => void,
): Promise<string[]> {
  return em.transactional(async (tx) => {
    const rows = await tx.find(Session, where, { fields: ['id', 'user', 'userAgent'] });
    if (!rows.length) return [];
    record?.(
      tx,
      rows.map((row) => ({
        id: row.id,
        userId: (row.user as { id: string }).id,
        userAgent: row.userAgent ?? null,
      })),
    );
    await tx.nativeDelete(Session, { id: { $in: rows.map((row) => row.id) } });
    for (const row of rows) {
      const userId = (row.user as { id: string }).id;
      emitEvent(tx, {
        type: 'session.revoked',
        userId,
        data: { user: { id: userId }, sessionId: row.id } satisfies HubEventData['session.revoked'],
      });
    }
    return rows.map((row) => row.id);
  });
}

export async function revokeSession(
  em: EntityManager,
  sessionId: string,
  userId?: string,
  record?: SessionEndingRecord,
): Promise<boolean> {
  const ended = await endSessionsWhere(
    em,
    { id: sessionId, ...(userId ? { user: userId } : {}) },
    record &&
      ((tx, rows) => {
        for (const row of rows) {
          recordAccountChange(tx, record.source, {
            action: 'session.revoked',
            entityType: 'session',
            entityId: row.id,
            subjectUserId: row.userId,
            // Which device was signed out, in the words of its own browser.
            before: { userAgent: row.userAgent },
          });
        }
      }),
  );
  return ended.length > 0;
}

export async function revokeUserSessions(
  em: EntityManager,
  userId: string,
  options: { except?: string; createdBefore?: Date; record?: SessionEndingRecord } = {},
): Promise<number> {
  const { record } = options;
  const ended = await endSessionsWhere(
    em,
    {
      user: userId,
      ...(options.except ? { id: { $ne: options.except } } : {}),
      ...(options.createdBefore ? { createdAt: { $lt: options.createdBefore } } : {}),
    },
    record &&
      ((tx, rows) => {
        recordAccountChange(tx, record.source, {
          action: 'sessions.revoked',
          entityType: 'session',
          subjectUserId: userId,
          after: { count: rows.length },
        });
      }),
  );
  return ended.length;
}

export { User };
