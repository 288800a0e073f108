import type { EntityManager } from '@mikro-orm/postgresql';
import { type ClientUser, toClientUser, User } from '../identity/index.ts';
import { ClientConnection } from './entities.ts';

/** What `isUserVisibleToClient` needs to know of a client. */
export interface ClientRef {
  id: string;
  isFirstParty: boolean;
}

/**
 * A client app may see a person who has signed in to it (a client_connections row); a
 * first-party client may see everyone.
 */
export async function isUserVisibleToClient(
  em: EntityManager,
  client: ClientRef,
  userId: string,
): Promise<boolean> {
  if (client.isFirstParty) return true;
  return (await em.count(ClientConnection, { user: userId, client: client.id })) > 0;
}

/** The clients a person has signed in to (not counting first-party clients they never used). */
export async function connectedClientIds(em: EntityManager, userId: string): Promise<string[]> {
  const connections = await em.find(ClientConnection, { user: userId }, { fields: ['client'] });
  return connections.map((connection) => connection.client.id);
}

/** What a client app may learn about a person through the directory: what user.* events carry. */
export type DirectoryUserDto = ClientUser;

/**
 * Looks a person up by id or email for a client app. Someone the client may not see is reported
 * exactly like someone who does not exist (null), so lookups reveal nothing about other people.
 */
export async function findUserForClient(
  em: EntityManager,
  client: ClientRef,
  by: { id: string } | { email: string },
): Promise<DirectoryUserDto | null> {
  const user = await em.findOne(User, 'id' in by ? { id: by.id } : { email: by.email.trim().toLowerCase() });
  if (!user) return null;
  if (!(await isUserVisibleToClient(em, client, user.id))) return null;
  return toClientUser(user);
}
