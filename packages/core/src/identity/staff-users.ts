import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit, snapshot } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { escapeLike } from '../kernel/db/sql.ts';
import { forbidden, notFound, preconditionFailed } from '../kernel/errors.ts';
import { type StaffUserSearchInput, staffUserSearchSchema } from './account-schemas.ts';
import { deviceParts } from './devices.ts';
import { toUserDto, type UserDto } from './dto.ts';
import { Session, User, type UserEntity } from './entities.ts';
import { endAllSessions } from './session-ending.ts';
import { changeRoles, type StaffActor as RoleActor } from './staff-roles.ts';
import { emitUserEvent } from './users.ts';

/** A staff member acting on the staff pages, with the address they act from (for the audit log). */
export interface StaffActor extends RoleActor {
  ip: string | null;
}

export interface StaffUserRowDto {
  id: string;
  email: string;
  username: string;
  displayName: string | null;
  isStaff: boolean;
  isActive: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
}

export interface StaffUserPageDto {
  items: StaffUserRowDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StaffSessionDto {
  id: string;
  method: 'fxa' | 'password';
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  /** `userAgent` in parts people can read (devices.ts): "Firefox 140", "Linux". */
  browser: string | null;
  system: string | null;
}

/** What identity knows of a person for staff; the orchestration layer adds billing and mail. */
export interface StaffUserIdentityDto {
  user: UserDto;
  sessions: StaffSessionDto[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `%` and `_` typed by staff are searched for literally. */
function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

function toRow(user: UserEntity): StaffUserRowDto {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    displayName: user.displayName ?? null,
    isStaff: user.isStaff || user.isSuperuser,
    isActive: user.isActive,
    dateJoined: user.dateJoined,
    lastLogin: user.lastLogin ?? null,
  };
}

/** Users whose email, username or display name contains the query, or whose id it is. */
export async function searchUsers(em: EntityManager, input: StaffUserSearchInput): Promise<StaffUserPageDto> {
  const { query, page, pageSize } = staffUserSearchSchema.parse(input);
  const where = !query
    ? {}
    : UUID.test(query)
      ? { id: query.toLowerCase() }
      : {
          $or: [
            { email: { $ilike: likePattern(query) } },
            { username: { $ilike: likePattern(query) } },
            { displayName: { $ilike: likePattern(query) } },
          ],
        };
  const [users, total] = await em.findAndCount(User, where, {
    orderBy: { email: 'asc' },
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: users.map(toRow), total, page, pageSize };
}

export async function getUserIdentity(em: EntityManager, userId: string): Promise<StaffUserIdentityDto> {
  const user = await em.findOne(User, { id: userId });
  if (!user) throw notFound('This user');
  const sessions = await em.find(Session, { user: userId }, { orderBy: { lastSeenAt: 'desc' } });
  return {
    user: toUserDto(user),
    sessions: sessions.map((session) => ({
      id: session.id,
      method: session.method,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
      ip: session.ip ?? null,
      userAgent: session.userAgent ?? null,
      ...deviceParts(session.userAgent),
    })),
  };
}

const AUDITED_FIELDS = ['isStaff', 'isActive'] as const;

/** Loads the target of a staff change and refuses changes staff may not make. */
async function targetOf(em: EntityManager, actor: StaffActor, userId: string): Promise<UserEntity> {
  const user = await em.findOne(User, { id: userId });
  if (!user) throw notFound('This user');
  if (user.isSuperuser && !actor.isSuperuser) {
    throw forbidden('Only a superuser can change a superuser.');
  }
  // Staff do not act on each other's accounts (deactivate, end sessions): one staff member could
  // otherwise lock out every other. Superusers can; anyone can on their own account.
  if (user.isStaff && user.id !== actor.id && !actor.isSuperuser) {
    throw forbidden('Only a superuser can change another staff member.');
  }
  return user;
}

/** Grants or removes staff access, under the one rule for roles (staff-roles.ts): superusers only. */
export async function setStaff(
  em: EntityManager,
  actor: StaffActor,
  userId: string,
  isStaff: boolean,
  config?: HubConfig,
): Promise<UserDto> {
  return em.transactional(async (tx) => {
    const user = await tx.findOne(User, { id: userId });
    if (!user) throw notFound('This user');
    changeRoles(tx, actor, user, { isStaff }, actor.ip, config);
    return toUserDto(user);
  });
}

/** Deactivating ends every session at once; a deactivated person cannot sign in. */
export async function setActive(
  em: EntityManager,
  actor: StaffActor,
  userId: string,
  isActive: boolean,
): Promise<UserDto> {
  return em.transactional(async (tx) => {
    const user = await targetOf(tx, actor, userId);
    if (user.id === actor.id && !isActive) {
      throw preconditionFailed('You cannot deactivate your own account.');
    }
    if (user.isActive !== isActive) {
      const before = snapshot(user, AUDITED_FIELDS);
      user.isActive = isActive;
      // Client apps hear of it (user.updated with isActive) before the session.revoked events.
      emitUserEvent(tx, 'user.updated', user);
      const endedSessions = isActive ? 0 : await endAllSessions(tx, user.id);
      recordAudit(tx, {
        actor,
        action: isActive ? 'user.reactivated' : 'user.deactivated',
        entityType: 'user',
        entityId: user.id,
        subjectUserId: user.id,
        before,
        after: { ...snapshot(user, AUDITED_FIELDS), ...(isActive ? {} : { endedSessions }) },
        ip: actor.ip,
      });
    }
    return toUserDto(user);
  });
}

export async function endUserSessions(
  em: EntityManager,
  actor: StaffActor,
  userId: string,
): Promise<{ endedSessions: number }> {
  return em.transactional(async (tx) => {
    const user = await targetOf(tx, actor, userId);
    const endedSessions = await endAllSessions(tx, user.id);
    recordAudit(tx, {
      actor,
      action: 'user.sessions-ended',
      entityType: 'user',
      entityId: user.id,
      subjectUserId: user.id,
      after: { endedSessions },
      ip: actor.ip,
    });
    return { endedSessions };
  });
}
