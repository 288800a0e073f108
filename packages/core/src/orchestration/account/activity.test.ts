import { describe, expect, it } from 'vitest';
import { signCustomData } from '../../billing/binding.ts';
import { paddleId } from '../../billing/event-builder.ts';
import { deliver, makePlans, makeUser, subscriptionCreated } from '../../billing/test-support.ts';
import { User } from '../../identity/entities.ts';
import { createSession } from '../../identity/sessions.ts';
import { upsertMozillaUser } from '../../identity/users.ts';
import { createPerson as createMailPerson, createPlan } from '../../mail/test-support.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { refusal } from '../../testing/refusal.ts';
import { callerFor, createPerson } from '../../testing/role-callers.ts';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

describe('account activity', () => {
  const hub = useTestHub(() => testConfig());

  it('is the signed-in person’s own history for every role, and nobody’s for anonymous callers', async () => {
    const anonymous = callerFor(hub(), null).call;
    expect((await refusal(anonymous.privacy.activity())).code).toBe('UNAUTHORIZED');
    expect((await refusal(anonymous.privacy.deletionPreview())).code).toBe('UNAUTHORIZED');

    const person = await createPerson(hub());
    const staff = await createPerson(hub(), { isStaff: true });
    const superuser = await createPerson(hub(), { isSuperuser: true });
    await callerFor(hub(), person.token).call.profile.update({
      displayName: 'Only Mine',
      language: 'de',
      timezone: 'Europe/Berlin',
    });
    for (const caller of [staff, superuser]) {
      const own = await callerFor(hub(), caller.token).call.privacy.activity();
      // Staff read their own history here like anyone; someone else's only on the staff pages.
      expect(own).toEqual([]);
      const preview = await callerFor(hub(), caller.token).call.privacy.deletionPreview();
      expect(preview).toMatchObject({ subscriptions: [], mail: { address: null }, sessions: 1 });
    }
    const mine = await callerFor(hub(), person.token).call.privacy.activity();
    expect(mine).toEqual([expect.objectContaining({ action: 'profile.updated', by: 'you' })]);
  });

  it('records a person’s own changes with the browser they came from, and staff changes as staff', async () => {
    const em = hub().orm.em.fork();
    const plan = await createPlan(em);
    const user = await createMailPerson(em, { plan });
    const { token } = await createSession(em, hub().config, user, {
      ip: '198.51.100.7',
      userAgent: FIREFOX_ON_LINUX,
      method: 'password',
    });
    await createSession(em, hub().config, user, { ip: null, userAgent: 'curl/8', method: 'password' });
    const call = callerFor(hub(), token, { userAgent: FIREFOX_ON_LINUX }).call;

    await call.profile.update({ displayName: 'New Name', language: 'en', timezone: 'UTC' }); // only the name differs
    await call.mail.chooseAddress({ localPart: `me-${user.username.slice(-8)}` });
    const created = await call.mail.createAppPassword({ label: 'Phone' });
    await call.mail.revokeAppPassword({ id: created.id });
    const alias = `alias-${user.username.slice(-8)}`;
    await call.mail.addAlias({ localPart: alias, domain: hub().config.mail.domains[0]! });
    await call.mail.removeAlias({ address: `${alias}@${hub().config.mail.domains[0]}` });
    await call.mail.addDomain({ domain: 'example-activity.test' });
    await call.mail.removeDomain({ domain: 'example-activity.test' });
    await call.sessions.revokeOthers();

    const staff = await createPerson(hub(), { isStaff: true });
    await callerFor(hub(), staff.token).call.staffAccounts.endSessions({ userId: user.id });

    // The staff change ended this person's sessions: read the history as staff, then as the person.
    const asStaff = await callerFor(hub(), staff.token).call.staffUsers.get({ userId: user.id });
    expect(asStaff.recentActivity[0]).toMatchObject({ by: 'staff', staffEmail: staff.user.email });

    const again = await createSession(hub().orm.em.fork(), hub().config, user, {
      ip: null,
      userAgent: FIREFOX_ON_LINUX,
      method: 'password',
    });
    const activity = await callerFor(hub(), again.token).call.privacy.activity();
    expect(activity.map((entry) => entry.action).reverse()).toEqual([
      'profile.updated',
      'mailbox.created',
      'app-password.created',
      'app-password.revoked',
      'alias.added',
      'alias.removed',
      'domain.added',
      'domain.removed',
      'sessions.revoked',
      'user.sessions-ended',
    ]);
    const own = activity.filter((entry) => entry.by === 'you');
    expect(own).toHaveLength(9);
    for (const entry of own) {
      expect(entry).toMatchObject({ browser: 'Firefox 140', system: 'Linux', ip: '192.0.2.10' });
    }
    expect(activity.find((entry) => entry.action === 'profile.updated')?.details).toEqual({
      fields: 'displayName',
    });
    expect(activity.find((entry) => entry.action === 'app-password.created')?.details).toEqual({
      label: 'Phone',
    });
    expect(activity.find((entry) => entry.action === 'sessions.revoked')?.details).toEqual({ count: 1 });
    // Staff changes name no staff member and show no staff browser to the person.
    expect(activity[0]).toMatchObject({ by: 'staff', staffEmail: null, browser: null, ip: null });

    // The export carries the same history.
    const exported = await callerFor(hub(), again.token).call.privacy.export();
    expect(exported.sections.auditEntries).toEqual(JSON.parse(JSON.stringify(activity)).map(revive));
  });

  it('records what Mozilla and Paddle changed, as theirs', async () => {
    const em = hub().orm.em.fork();
    const user = await makeUser(em, 'synced');
    user.fxaId = `fxa-${user.id.slice(0, 8)}`;
    await em.flush();
    await upsertMozillaUser(
      em,
      hub().config,
      { uid: user.fxaId, email: user.email, displayName: 'From Mozilla' },
      async () => true,
    );
    await em.flush();

    const { basic } = await makePlans(em);
    await deliver(
      hub(),
      subscriptionCreated({
        subscriptionId: paddleId('sub'),
        priceIds: basic.paddlePriceIds,
        customData: signCustomData(hub().config, user.id),
      }),
    );
    const fresh = await hub().orm.em.fork().findOneOrFail(User, { id: user.id });
    const { token } = await createSession(hub().orm.em.fork(), hub().config, fresh, {
      ip: null,
      userAgent: null,
      method: 'fxa',
    });
    const activity = await callerFor(hub(), token).call.privacy.activity();
    expect(activity).toEqual([
      expect.objectContaining({
        action: 'subscription.changed',
        by: 'paddle',
        details: { status: 'active', plan: basic.name },
      }),
      expect.objectContaining({
        action: 'profile.updated',
        by: 'mozilla',
        details: { fields: 'displayName' },
      }),
    ]);
  });
});

/** Dates come back from JSON as strings; the export's entries are the activity's. */
function revive(entry: Record<string, unknown>) {
  return { ...entry, at: new Date(entry.at as string) };
}
