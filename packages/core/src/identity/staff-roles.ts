import type { EntityManager } from '@mikro-orm/postgresql';
import { type Actor, recordAudit } from '../kernel/audit/audit.ts';
import type { HubConfig } from '../kernel/config.ts';
import { forbidden, preconditionFailed } from '../kernel/errors.ts';
import type { UserEntity } from './entities.ts';
import { staffRightsMail } from './mail-templates.ts';
import { notifyPerson } from './notices.ts';

/** A signed-in staff member acting in the hub. */
export interface StaffActor extends Actor {
  isSuperuser: boolean;
}

/**
 * Who changes a role: a signed-in staff member, or `null` for the operator at a shell (the CLI's
 * `user:create --staff` and the dev seed), who holds the database and its keys anyway.
 */
export type RoleChanger = StaffActor | null;

export interface RoleChange {
  isStaff?: boolean;
  isSuperuser?: boolean;
}

/**
 * The one rule for granting or removing staff or superuser, on every path (staff pages, account
 * creation, the CLI): only a superuser may, never on their own account, and a superuser is always
 * staff. Refuses before anything changes. `target.id` is null for an account being created.
 */
export function checkRoleChange(
  changer: RoleChanger,
  target: { id: string | null; isSuperuser: boolean },
  change: RoleChange,
): void {
  if (changer === null) return;
  if (!changer.isSuperuser) throw forbidden('Only superusers can grant or remove staff access.');
  if (target.id === changer.id) {
    throw preconditionFailed('You cannot change your own staff access; ask another superuser.');
  }
  if (target.isSuperuser && change.isStaff === false && change.isSuperuser !== false) {
    throw preconditionFailed('A superuser is always staff.');
  }
}

const roles = (user: { isStaff: boolean; isSuperuser: boolean }) => ({
  isStaff: user.isStaff || user.isSuperuser,
  isSuperuser: user.isSuperuser,
});

/**
 * Applies a role change under `checkRoleChange`'s rule and records it in the audit log, flushed
 * with the change: `user.superuser-granted` / `-removed` when superuser changes, else
 * `user.staff-granted` / `-removed`. A superuser is always staff: granting superuser grants staff
 * too. Asking for what the person already is changes and records nothing.
 */
export function changeRoles(
  em: EntityManager,
  changer: RoleChanger,
  user: UserEntity,
  change: RoleChange,
  ip: string | null,
  /** Given: the person is told by mail (an existing account; a new one learns from its invitation). */
  notify?: HubConfig,
): void {
  checkRoleChange(changer, user, change);
  const before = roles(user);
  const after = roles({
    isStaff: change.isStaff ?? user.isStaff,
    isSuperuser: change.isSuperuser ?? user.isSuperuser,
  });
  if (before.isStaff === after.isStaff && before.isSuperuser === after.isSuperuser) return;
  const [role, granted] =
    before.isSuperuser !== after.isSuperuser ? ['superuser', after.isSuperuser] : ['staff', after.isStaff];
  user.isStaff = after.isStaff;
  user.isSuperuser = after.isSuperuser;
  recordAudit(em, {
    actor: changer && { id: changer.id, email: changer.email },
    action: `user.${role}-${granted ? 'granted' : 'removed'}`,
    entityType: 'user',
    entityId: user.id,
    subjectUserId: user.id,
    before,
    after,
    ip,
  });
  if (notify && before.isStaff !== after.isStaff) {
    notifyPerson(
      em,
      notify,
      user,
      `identity.staff-${after.isStaff ? 'granted' : 'removed'}`,
      staffRightsMail,
      {
        granted: after.isStaff,
        link: `${notify.publicUrl}/`,
      },
    );
  }
}
