import { describe, expect, it } from 'vitest';
import { Customer, Plan, Subscription, UserPlan } from '../../billing/entities.ts';
import { Client, ClientConnection } from '../../clients/entities.ts';
import { Session, User } from '../../identity/entities.ts';
import { passwordChangedMail, passwordResetMail } from '../../identity/mail-templates.ts';
import { notifyPerson } from '../../identity/notices.ts';
import { createSession } from '../../identity/sessions.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { AuditEntry } from '../../kernel/audit/entities.ts';
import { hashSecret } from '../../kernel/crypto/argon2.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import { OutgoingMail } from '../../kernel/outgoing-mail/entity.ts';
import { addAlias } from '../../mail/aliases.ts';
import { createAppPassword } from '../../mail/app-passwords.ts';
import { addCustomDomain, checkCustomDomain } from '../../mail/custom-domains.ts';
import { DirectoryAccount, DirectoryGroupMember } from '../../mail/entities.ts';
import { provisionMailbox } from '../../mail/mailbox.ts';
import { createPlan, tableResolver } from '../../mail/test-support.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { refusal } from '../../testing/refusal.ts';
import { callerFor, createPerson } from '../../testing/role-callers.ts';
import { DATA_EXPORT_FORMAT } from './privacy.ts';

describe('privacy procedures', () => {
  const hub = useTestHub(() => testConfig());
  const em = () => hub().orm.em.fork();

  it('refuses anonymous callers', async () => {
    const anonymous = callerFor(hub(), null).call;
    expect((await refusal(anonymous.privacy.export())).code).toBe('UNAUTHORIZED');
    expect((await refusal(anonymous.privacy.deleteAccount({ confirmEmail: 'x@example.test' }))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('exports a person’s own profile, sessions, apps and audit entries, without secrets or others’ data', async () => {
    const person = await createPerson(hub(), { displayName: 'Export Me' });
    const other = await createPerson(hub(), { displayName: 'Not In Export' });
    const staff = await createPerson(hub(), { isStaff: true });
    const setup = em();
    const user = await setup.findOneOrFail(User, { id: person.user.id });
    const passwordHash = await hashSecret('correct horse battery');
    user.password = passwordHash;
    const client = setup.create(Client, { name: 'Exported App' });
    setup.create(ClientConnection, { user, client });
    recordAudit(setup, {
      actor: { id: staff.user.id, email: staff.user.email },
      action: 'user.staff-granted',
      entityType: 'user',
      entityId: user.id,
      subjectUserId: user.id,
      ip: '203.0.113.9',
    });
    recordAudit(setup, {
      actor: null,
      action: 'other.thing',
      entityType: 'user',
      subjectUserId: other.user.id,
    });
    await setup.flush();

    const exported = await callerFor(hub(), person.token).call.privacy.export();
    expect(exported.format).toBe(DATA_EXPORT_FORMAT);
    expect(Object.keys(exported.sections)).toEqual([
      'profile',
      'sessions',
      'connectedClients',
      'auditEntries',
      'billing',
      'mail',
      'mailFromTheHub',
    ]);
    const sections = exported.sections as Record<string, unknown>;
    expect(sections.profile).toMatchObject({
      id: person.user.id,
      displayName: 'Export Me',
      hasPassword: true,
    });
    expect(sections.sessions).toEqual([
      expect.objectContaining({ id: person.sessionId, method: 'password' }),
    ]);
    expect(sections.connectedClients).toEqual([expect.objectContaining({ clientName: 'Exported App' })]);
    expect(sections.billing).toEqual({ customers: [], subscriptions: [] });
    expect(sections.mail).toEqual({
      mailbox: null,
      addresses: [],
      appPasswords: [],
      customDomains: [],
      groupMemberships: [],
    });
    expect(sections.auditEntries).toEqual([
      // Staff changes show as staff: no staff member's address or IP in a person's export.
      expect.objectContaining({ action: 'user.staff-granted', by: 'staff', staffEmail: null, ip: null }),
    ]);

    // Staff export their own data like anyone, never someone else's.
    const staffExport = await callerFor(hub(), staff.token).call.privacy.export();
    expect(staffExport.userId).toBe(staff.user.id);
    expect(JSON.stringify(staffExport)).not.toContain(person.user.id);

    const text = JSON.stringify(exported);
    expect(text).not.toContain(passwordHash);
    expect(text).not.toContain(person.token);
    expect(text).not.toContain(other.user.id);
    expect(text).not.toContain(staff.user.email);
    const tokenHash = (await em().findOneOrFail(Session, { id: person.sessionId })).tokenHash;
    expect(text).not.toContain(Buffer.from(tokenHash).toString('hex'));
    expect(text).not.toContain(Buffer.from(tokenHash).toString('base64'));
  });

  it('lists the mail the hub sent the person — kind, subject, address, when, status — never a body', async () => {
    const person = await createPerson(hub(), { displayName: 'Mail Reader' });
    const other = await createPerson(hub(), { displayName: 'Someone Else' });
    const setup = em();
    const user = await setup.findOneOrFail(User, { id: person.user.id });
    const secretLink = 'https://hub.example/sign-in#set-password=acc_ut_still-a-live-secret';
    const sent = notifyPerson(setup, hub().config, user, 'identity.password-changed', passwordChangedMail, {
      link: 'https://hub.example/security',
    })!;
    const pending = notifyPerson(setup, hub().config, user, 'identity.password-reset', passwordResetMail, {
      link: secretLink,
      hours: 24,
      byStaff: false,
    })!;
    const otherUser = await setup.findOneOrFail(User, { id: other.user.id });
    notifyPerson(setup, hub().config, otherUser, 'identity.password-changed', passwordChangedMail, {
      link: 'https://hub.example/security',
    });
    await setup.flush();
    const sentAt = new Date('2026-12-01T10:00:00Z');
    await em().nativeUpdate(OutgoingMail, { id: sent.id }, { status: 'sent', sentAt, body: null });
    await em().nativeUpdate(OutgoingMail, { id: pending.id }, { createdAt: new Date(Date.now() + 1000) });

    const exported = await callerFor(hub(), person.token).call.privacy.export();
    expect((exported.sections as Record<string, unknown>).mailFromTheHub).toEqual([
      {
        kind: 'identity.password-reset',
        recipient: user.email,
        subject: 'Reset your Test Hub password',
        status: 'pending',
        queuedAt: expect.any(Date),
        sentAt: null,
      },
      {
        kind: 'identity.password-changed',
        recipient: user.email,
        subject: 'Your Test Hub password was changed',
        status: 'sent',
        queuedAt: expect.any(Date),
        sentAt,
      },
    ]);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('acc_ut_still-a-live-secret');
    expect(text).not.toContain(other.user.email);
  });

  it('exports a real mailbox — app passwords, alias, domain, group — and the subscription, with no secret anywhere', async () => {
    const config = hub().config;
    const plan = await createPlan(em(), { maxAliases: 2, maxAppPasswords: 2, maxCustomDomains: 1 });
    const person = await createPerson(hub(), { displayName: 'Mail Exporter' });
    const setup = em();
    const user = await setup.findOneOrFail(User, { id: person.user.id });
    setup.create(UserPlan, { user, plan: setup.getReference(Plan, plan.id) });
    const customer = setup.create(Customer, { paddleId: 'ctm_export01', email: user.email, user });
    setup.create(Subscription, {
      paddleId: 'sub_export01',
      status: 'active',
      isActive: true,
      customer,
      user,
      plan: setup.getReference(Plan, plan.id),
      customData: { userId: user.id, signature: 'signed-custom-data-not-for-export' },
    });
    await setup.flush();

    await provisionMailbox(em(), config, user.id, 'exporter');
    const phone = await createAppPassword(em(), config, user.id, 'Phone');
    const laptop = await createAppPassword(em(), config, user.id, 'Laptop');
    await addAlias(em(), config, user.id, { localPart: 'exporter.books', domain: 'mail.test' });
    const claim = await addCustomDomain(em(), config, user.id, 'exporter.example');
    const proof = claim.records.find((record) => record.purpose === 'verification')!.value;
    await checkCustomDomain(
      em(),
      config,
      tableResolver({ 'TXT _hub-verification.exporter.example': [[proof]] }),
      user.id,
      'exporter.example',
    );
    const groups = em();
    groups.create(DirectoryAccount, { name: 'team@mail.test', type: 'group' });
    await groups.flush();
    groups.create(DirectoryGroupMember, { name: 'exporter@mail.test', memberOf: 'team@mail.test' });
    await groups.flush();

    const exported = await callerFor(hub(), person.token).call.privacy.export();
    const sections = exported.sections as Record<string, Record<string, unknown>>;
    expect(sections.mail).toMatchObject({
      mailbox: { address: 'exporter@mail.test', state: 'active' },
      appPasswords: [
        { id: phone.id, label: 'Phone', createdAt: expect.any(Date), lastUsedAt: null },
        { id: laptop.id, label: 'Laptop', createdAt: expect.any(Date), lastUsedAt: null },
      ],
      customDomains: [{ domain: 'exporter.example', verified: true, catchAll: false }],
      groupMemberships: [{ group: 'team@mail.test' }],
    });
    expect(sections.mail!.addresses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: 'exporter@mail.test', kind: 'primary' }),
        expect.objectContaining({ address: 'exporter.books@mail.test', kind: 'alias' }),
      ]),
    );
    expect(sections.billing).toMatchObject({
      customers: [{ paddleId: 'ctm_export01' }],
      subscriptions: [{ paddleId: 'sub_export01', status: 'active', plan: plan.name }],
    });

    // Nothing that signs in or proves anything: no hash, no app password, no token of any kind.
    const text = JSON.stringify(exported);
    for (const secret of [
      '$argon2',
      '$app$',
      phone.password,
      laptop.password,
      proof,
      proof.replace('hub-verification=', ''),
      person.token,
      'signed-custom-data-not-for-export',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/"(secret|token|verificationToken|password|authToken)"\s*:/i);
  });

  it('refuses to delete an account when the typed address does not match, changing nothing', async () => {
    const person = await createPerson(hub());
    const error = await refusal(
      callerFor(hub(), person.token).call.privacy.deleteAccount({ confirmEmail: 'someone@example.test' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.cause).toMatchObject({ fieldErrors: { confirmEmail: [expect.stringContaining('email')] } });
    expect(await em().count(User, { id: person.user.id })).toBe(1);
    expect(await em().count(Session, { user: person.user.id })).toBe(1);
  });

  it('refuses an account deletion sent from another origin (CSRF)', async () => {
    const person = await createPerson(hub());
    const caller = callerFor(hub(), person.token, { origin: null }).call;
    expect((await refusal(caller.privacy.deleteAccount({ confirmEmail: person.user.email }))).code).toBe(
      'FORBIDDEN',
    );
    expect(await em().count(User, { id: person.user.id })).toBe(1);
  });

  it('deletes the account, signs out everywhere, tells client apps, and leaves others alone', async () => {
    const person = await createPerson(hub());
    const other = await createPerson(hub());
    const second = await createSession(
      em(),
      hub().config,
      await em().findOneOrFail(User, { id: person.user.id }),
      {
        ip: null,
        userAgent: 'phone',
        method: 'password',
      },
    );
    const caller = callerFor(hub(), person.token);
    const result = await caller.call.privacy.deleteAccount({ confirmEmail: person.user.email.toUpperCase() });
    expect(result).toEqual({ deleted: true });
    expect(caller.cookies.get('accounts_session')).toBe('');

    expect(await em().count(User, { id: person.user.id })).toBe(0);
    expect(await em().count(Session, { user: person.user.id })).toBe(0);
    const events = await em().find(OutboxEvent, { userId: person.user.id }, { orderBy: { sequence: 'asc' } });
    expect(events.map((event) => event.type).sort()).toEqual([
      'session.revoked',
      'session.revoked',
      'user.deleted',
    ]);
    expect(events.map((event) => (event.payload as { data: { sessionId?: string } }).data.sessionId)).toEqual(
      expect.arrayContaining([person.sessionId, second.session.id]),
    );
    const audit = await em().findOneOrFail(AuditEntry, {
      subjectUserId: person.user.id,
      action: 'user.deleted',
    });
    expect(audit.after).toEqual({ reason: 'self-service' });

    expect((await refusal(callerFor(hub(), person.token).call.me.get())).code).toBe('UNAUTHORIZED');
    expect((await callerFor(hub(), other.token).call.me.get()).id).toBe(other.user.id);
  });

  it('lets staff delete their own account like anyone, but never the last superuser', async () => {
    const staff = await createPerson(hub(), { isStaff: true });
    await callerFor(hub(), staff.token).call.privacy.deleteAccount({ confirmEmail: staff.user.email });
    expect(await em().count(User, { id: staff.user.id })).toBe(0);

    const superuser = await createPerson(hub(), { isSuperuser: true });
    const error = await refusal(
      callerFor(hub(), superuser.token).call.privacy.deleteAccount({ confirmEmail: superuser.user.email }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(await em().count(User, { id: superuser.user.id })).toBe(1);
  });
});
