import { describe, expect, it } from 'vitest';
import { AuditEntry } from '../kernel/audit/entities.ts';
import { HubError } from '../kernel/errors.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { createUserFromCli } from './cli-users.ts';
import { User } from './entities.ts';
import { changeRoles } from './staff-roles.ts';
import { createTestUser } from './test-support.ts';

function refusalCode(change: () => void): string {
  try {
    change();
  } catch (error) {
    return error instanceof HubError ? error.code : 'THREW';
  }
  return 'OK';
}

describe('the one rule for staff and superuser', () => {
  const hub = useTestHub(() => testConfig({ authScheme: 'password' }));

  it('lets only a superuser change roles, never their own, and a superuser stays staff', async () => {
    const em = hub().orm.em.fork();
    const staff = await createTestUser(em, { isStaff: true });
    const superuser = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const person = await createTestUser(em);
    const actor = (user: typeof staff) => ({ id: user.id, email: user.email, isSuperuser: user.isSuperuser });

    expect(refusalCode(() => changeRoles(em, actor(staff), person, { isStaff: true }, null))).toBe(
      'FORBIDDEN',
    );
    expect(refusalCode(() => changeRoles(em, actor(staff), person, { isSuperuser: true }, null))).toBe(
      'FORBIDDEN',
    );
    expect(refusalCode(() => changeRoles(em, actor(staff), staff, { isSuperuser: true }, null))).toBe(
      'FORBIDDEN',
    );
    expect(
      refusalCode(() => changeRoles(em, actor(superuser), superuser, { isSuperuser: false }, null)),
    ).toBe('PRECONDITION_FAILED');
    expect(refusalCode(() => changeRoles(em, actor(superuser), superuser, { isStaff: false }, null))).toBe(
      'PRECONDITION_FAILED',
    );
    await em.flush();
    expect(
      await em.fork().count(AuditEntry, { subjectUserId: { $in: [person.id, staff.id, superuser.id] } }),
    ).toBe(0);

    // Granting superuser makes staff too; removing it leaves staff, audited as one change each.
    changeRoles(em, actor(superuser), person, { isSuperuser: true }, '198.51.100.7');
    await em.flush();
    expect(await em.fork().findOneOrFail(User, { id: person.id })).toMatchObject({
      isStaff: true,
      isSuperuser: true,
    });
    expect(refusalCode(() => changeRoles(em, actor(superuser), person, { isStaff: false }, null))).toBe(
      'PRECONDITION_FAILED',
    );
    changeRoles(em, actor(superuser), person, { isSuperuser: false }, null);
    changeRoles(em, actor(superuser), person, { isSuperuser: false }, null); // already: records nothing
    await em.flush();
    const entries = await em
      .fork()
      .find(AuditEntry, { subjectUserId: person.id }, { orderBy: { createdAt: 'asc' } });
    expect(
      entries.map((entry) => [entry.action, entry.actorId, entry.before, entry.after, entry.ip]),
    ).toEqual([
      [
        'user.superuser-granted',
        superuser.id,
        { isStaff: false, isSuperuser: false },
        { isStaff: true, isSuperuser: true },
        '198.51.100.7',
      ],
      [
        'user.superuser-removed',
        superuser.id,
        { isStaff: true, isSuperuser: true },
        { isStaff: true, isSuperuser: false },
        null,
      ],
    ]);
  });

  it('audits the operator’s grant from the CLI (no actor: whoever runs it holds the database)', async () => {
    const em = hub().orm.em.fork();
    const created = await createUserFromCli(em, hub().config, {
      email: 'operator.made@example.test',
      staff: true,
      password: 'a long enough password',
    });
    const user = await em.fork().findOneOrFail(User, { email: created.email });
    expect(user).toMatchObject({ isStaff: true, isSuperuser: true });
    const entries = await em.fork().find(AuditEntry, { subjectUserId: user.id });
    expect(entries.map((entry) => [entry.action, entry.actorId, entry.after])).toEqual([
      ['user.superuser-granted', null, { isStaff: true, isSuperuser: true }],
    ]);
  });
});
