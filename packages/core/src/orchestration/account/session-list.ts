import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientEntity } from '../../clients/index.ts';
import { ClientConnection } from '../../clients/index.ts';
import { describeDevice, deviceParts, Session } from '../../identity/index.ts';

export interface SessionDto {
  id: string;
  /** "Firefox 140 on Linux", from the user agent; "Unknown device" when there is none. */
  device: string;
  /** The parts of `device`, for pages that word it in their own language: "Firefox 140", "Linux". */
  browser: string | null;
  system: string | null;
  ip: string | null;
  method: 'fxa' | 'password';
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

export async function listSessions(
  em: EntityManager,
  userId: string,
  currentSessionId: string,
): Promise<SessionDto[]> {
  const now = new Date();
  const sessions = await em.find(
    Session,
    { user: userId, expiresAt: { $gt: now }, absoluteExpiresAt: { $gt: now } },
    { orderBy: { lastSeenAt: 'desc' } },
  );
  return sessions.map((session) => ({
    id: session.id,
    device: describeDevice(session.userAgent),
    ...deviceParts(session.userAgent),
    ip: session.ip ?? null,
    method: session.method,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    current: session.id === currentSessionId,
  }));
}

export interface ConnectedAppDto {
  clientId: string;
  name: string;
  description: string | null;
  firstConnectedAt: Date;
  lastSeenAt: Date;
}

export async function listConnectedApps(em: EntityManager, userId: string): Promise<ConnectedAppDto[]> {
  const connections = await em.find(
    ClientConnection,
    { user: userId },
    { populate: ['client'], orderBy: { lastSeenAt: 'desc' } },
  );
  return connections.map((connection) => {
    const client = connection.client as ClientEntity;
    return {
      clientId: client.id,
      name: client.name,
      description: client.description ?? null,
      firstConnectedAt: connection.createdAt,
      lastSeenAt: connection.lastSeenAt,
    };
  });
}
