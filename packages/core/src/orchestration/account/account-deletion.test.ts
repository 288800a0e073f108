import { startFxaStandIn } from '@accounts/devkit/fxa-stand-in';
import {
  type PaddleStandIn,
  standInSubscription,
  startPaddleStandIn,
} from '@accounts/devkit/paddle-stand-in';
import { type SmtpStandIn, startSmtpStandIn } from '@accounts/devkit/smtp-stand-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSubscription, flaggedSubscriptions } from '../../billing/admin-service.ts';
import { signCustomData } from '../../billing/binding.ts';
import { paddleId, subscriptionNotification } from '../../billing/event-builder.ts';
import { deliver, makePlans, makeUser, subscriptionCreated } from '../../billing/test-support.ts';
import { Client, ClientConnection } from '../../clients/entities.ts';
import { Session, User } from '../../identity/entities.ts';
import { sealMozillaTokens } from '../../identity/mozilla/stored-tokens.ts';
import { createSession } from '../../identity/sessions.ts';
import type { Hub } from '../../kernel/context.ts';
import { OutboxEvent } from '../../kernel/events/outbox-event.ts';
import { OutgoingMail } from '../../kernel/outgoing-mail/entity.ts';
import { outgoingMailJob } from '../../kernel/outgoing-mail/send-job.ts';
import { addAlias } from '../../mail/aliases.ts';
import { DirectoryAccount, DirectoryEmail, Mailbox } from '../../mail/entities.ts';
import { provisionMailbox } from '../../mail/mailbox.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';
import { deleteUserAccount } from './account-deletion.ts';
import {
  ACCOUNT_DELETION_STEPS,
  accountDeletionPreview,
  deleteAccount,
  deleteOwnAccount,
} from './privacy.ts';

const KEY = 'pdl_deletion_test_key';
let standIn: PaddleStandIn;
beforeAll(async () => {
  standIn = await startPaddleStandIn({ apiKey: KEY });
});
afterAll(() => standIn?.stop());

/** A subscription for `userId` to `priceIds`, as Paddle creates it (the stand-in holds it too). */
async function subscribe(hub: Hub, userId: string, priceIds: string[]) {
  const subscriptionId = paddleId('sub');
  const customerId = paddleId('ctm');
  standIn.putSubscription(standInSubscription({ id: subscriptionId, customer_id: customerId, priceIds }));
  await deliver(
    hub,
    subscriptionCreated({
      subscriptionId,
      customerId,
      priceIds,
      customData: signCustomData(hub.config, userId),
    }),
  );
  return subscriptionId;
}

describe('deleting an account across the hub', () => {
  const hub = useTestHub(() => testConfig({ paddle: { apiKey: KEY, apiBaseUrl: standIn.url } }));

  /** A subscriber with a mailbox who has signed in to one client app. */
  async function subscriber(name: string) {
    const em = hub().orm.em.fork();
    const { basic } = await makePlans(em);
    const user = await makeUser(em, name);
    const client = em.create(Client, { name: `App for ${name}` });
    em.create(ClientConnection, { user, client });
    await em.flush();
    const subscriptionId = await subscribe(hub(), user.id, basic.paddlePriceIds);
    await provisionMailbox(hub().orm.em.fork(), hub().config, user.id, `${name}-box`);
    return { user, client, subscriptionId, address: `${name}-box@${hub().config.mail.domains[0]}` };
  }

  it('cancels the subscription at period end, removes the mailbox rows and tells the apps the person used', async () => {
    const { user, client, subscriptionId, address } = await subscriber('leaver');
    expect(await hub().orm.em.fork().count(DirectoryAccount, { name: address })).toBe(1);

    const em = hub().orm.em.fork();
    const fresh = await em.findOneOrFail(User, { id: user.id });
    await deleteOwnAccount(
      em,
      hub(),
      fresh,
      { confirmEmail: user.email },
      { actor: { id: fresh.id, email: fresh.email }, ip: '127.0.0.1', userAgent: null },
    );

    const check = hub().orm.em.fork();
    expect(standIn.subscriptions.get(subscriptionId)?.scheduled_change?.action).toBe('cancel');
    expect(await check.count(User, { id: user.id })).toBe(0);
    expect(await check.count(Mailbox, { accountName: address })).toBe(0);
    expect(await check.count(DirectoryAccount, { name: address })).toBe(0);
    expect(await check.count(DirectoryEmail, { name: address })).toBe(0);
    const deleted = await check.findOneOrFail(OutboxEvent, { type: 'user.deleted', userId: user.id });
    expect(deleted.audienceClientIds).toEqual([client.id]);
  });

  it('says beforehand what happens to the subscription, mail and apps, and does it; staff then see a deleted account’s subscription', async () => {
    const { user, client, subscriptionId, address } = await subscriber('informed');
    await addAlias(hub().orm.em.fork(), hub().config, user.id, {
      localPart: 'informed-alias',
      domain: hub().config.mail.domains[0]!,
    });
    const preview = await accountDeletionPreview(hub().orm.em.fork(), hub(), user.id);
    const periodEnd = standIn.subscriptions.get(subscriptionId)?.current_billing_period?.ends_at;
    expect(preview).toEqual({
      subscriptions: [
        // The end of the paid period as the hub holds it (this test's webhook, not the stand-in, set it).
        { planName: expect.any(String), status: 'active', outcome: 'renewing', endsAt: expect.any(Date) },
      ],
      mail: {
        address,
        aliases: [`informed-alias@${hub().config.mail.domains[0]}`],
        domains: [],
        appPasswords: 0,
      },
      connectedApps: [client.name],
      sessions: 0,
    });

    await deleteUserAccount(hub().orm.em.fork(), hub(), user.id, 'self-service');

    // What the dialog said: Paddle cancels at the end of the paid period, the mailbox and its
    // addresses go, the app is told.
    const atPaddle = standIn.subscriptions.get(subscriptionId)!;
    expect(atPaddle.scheduled_change).toMatchObject({ action: 'cancel', effective_at: periodEnd });
    expect(standIn.requests).toContainEqual({
      method: 'POST',
      path: `/subscriptions/${subscriptionId}/cancel`,
      body: { effective_from: 'next_billing_period' },
    });
    const check = hub().orm.em.fork();
    expect(await check.count(DirectoryEmail, { name: address })).toBe(0);
    expect(await check.count(OutboxEvent, { type: 'user.deleted', userId: user.id })).toBe(1);

    const seen = await findSubscription(hub().orm.em.fork(), subscriptionId);
    expect(seen).toMatchObject({ user: null, bindingProblem: null, accountDeletedAt: expect.any(Date) });
    expect(seen.scheduledChange).toMatchObject({ action: 'cancel' });

    // Paddle's notification at the end of the period still names the person: it ends the
    // subscription and flags nothing (not a payment bound to nobody).
    await deliver(
      hub(),
      subscriptionNotification({
        eventType: 'subscription.canceled',
        status: 'canceled',
        subscriptionId,
        customerId: atPaddle.customer_id,
        priceIds: atPaddle.items.map((item) => item.price.id),
        customData: signCustomData(hub().config, user.id),
        canceledAt: new Date(),
      }),
    );
    const ended = await findSubscription(hub().orm.em.fork(), subscriptionId);
    expect(ended).toMatchObject({ status: 'canceled', isActive: false, user: null, bindingProblem: null });
    expect(ended.accountDeletedAt).toEqual(seen.accountDeletedAt);
    const flagged = await flaggedSubscriptions(hub().orm.em.fork());
    expect(flagged.map((entry) => entry.paddleId)).not.toContain(subscriptionId);
  });

  it('changes nothing when Paddle cannot cancel, so the person can try again', async () => {
    const { user, address } = await subscriber('stuck');
    const offline = {
      ...hub(),
      config: { ...hub().config, paddle: { ...hub().config.paddle, apiBaseUrl: 'http://127.0.0.1:1' } },
    };
    await expect(
      deleteUserAccount(hub().orm.em.fork(), offline, user.id, 'mozilla-account-deleted'),
    ).rejects.toThrow(/Paddle cannot be reached/);
    const check = hub().orm.em.fork();
    expect(await check.count(User, { id: user.id })).toBe(1);
    expect(await check.count(DirectoryAccount, { name: address })).toBe(1);
    expect(await check.count(OutboxEvent, { type: 'user.deleted', userId: user.id })).toBe(0);
  });

  it('a failing database step leaves the account usable and no Mozilla token revoked; a retry completes', async () => {
    const fxa = await startFxaStandIn();
    try {
      const { user, address, subscriptionId } = await subscriber('unlucky');
      const config = { ...hub().config, fxa: { ...hub().config.fxa, discoveryUrl: fxa.discoveryUrl } };
      const withMozilla = { ...hub(), config };
      const em = hub().orm.em.fork();
      const row = await em.findOneOrFail(User, { id: user.id });
      row.fxaToken = sealMozillaTokens(config, user.id, {
        accessToken: 'access-unlucky',
        refreshToken: 'refresh-unlucky',
        accessTokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await em.flush();
      await createSession(em, config, row, { ip: null, userAgent: null, method: 'fxa' });
      const destroyCalls = () => fxa.requests.filter((request) => request.path === '/v1/destroy').length;

      const broken = [
        ...ACCOUNT_DELETION_STEPS.slice(0, -1),
        {
          name: 'broken',
          run: async () => {
            throw new Error('the disk is full');
          },
        },
        ...ACCOUNT_DELETION_STEPS.slice(-1),
      ];
      await expect(
        deleteAccount(hub().orm.em.fork(), withMozilla, user.id, { reason: 'test', actor: null }, broken),
      ).rejects.toThrow('the disk is full');

      const check = hub().orm.em.fork();
      const kept = await check.findOneOrFail(User, { id: user.id }, { populate: ['fxaToken'] });
      expect(kept.fxaToken).not.toBeNull();
      expect(await check.count(Session, { user: user.id })).toBe(1);
      expect(await check.count(DirectoryAccount, { name: address, active: true })).toBe(1);
      expect(await check.count(OutboxEvent, { type: 'user.deleted', userId: user.id })).toBe(0);
      expect(destroyCalls()).toBe(0);
      // Paddle went first: the subscription will not renew, which a retry leaves as it is.
      expect(standIn.subscriptions.get(subscriptionId)?.scheduled_change?.action).toBe('cancel');

      await deleteUserAccount(hub().orm.em.fork(), withMozilla, user.id, 'mozilla-account-deleted');
      expect(await hub().orm.em.fork().count(User, { id: user.id })).toBe(0);
      expect(destroyCalls()).toBe(2);
    } finally {
      await fxa.stop();
    }
  });
});

describe('the "your account was deleted" notice (deletion is immediate: no grace period to cancel in)', () => {
  let smtp: SmtpStandIn;
  beforeAll(async () => {
    smtp = await startSmtpStandIn();
  });
  afterAll(() => smtp?.stop());
  const hub = useTestHub(() =>
    testConfig({
      paddle: { apiKey: KEY, apiBaseUrl: standIn.url },
      outgoingMail: { smtpUrl: smtp.smtpUrl },
    }),
  );
  const job = outgoingMailJob();
  const sendQueued = async () => {
    while ((await job.runOnce(hub())) > 0) {}
  };

  /** A person with a renewing subscription, whose address is confirmed or not. */
  async function person(
    name: string,
    fields: { emailVerified: boolean; language?: string; timezone?: string },
  ) {
    const em = hub().orm.em.fork();
    const { basic } = await makePlans(em);
    const user = await makeUser(em, name);
    Object.assign(user, { displayName: `${name} Person`, ...fields });
    await em.flush();
    const subscriptionId = await subscribe(hub(), user.id, basic.paddlePriceIds);
    const periodEnd = standIn.subscriptions.get(subscriptionId)!.current_billing_period!.ends_at;
    return { user, plan: basic.name, periodEnd: new Date(periodEnd) };
  }

  const deleteOwn = async (user: { id: string; email: string }) =>
    deleteOwnAccount(
      hub().orm.em.fork(),
      hub(),
      user,
      { confirmEmail: user.email },
      { actor: { id: user.id, email: user.email }, ip: null, userAgent: null },
    );

  it('tells a confirmed address what went, when the paid period ends, and that it cannot be undone', async () => {
    const { user, plan, periodEnd } = await person('Leaving', {
      emailVerified: true,
      timezone: 'Europe/Berlin',
    });
    await deleteOwn(user);
    await sendQueued();
    const mail = await smtp.waitFor((m) => m.to.includes(user.email), 5000);
    expect(mail.subject).toBe('Your Test Hub account was deleted');
    expect(mail.text).toContain('Hello Leaving Person,');
    expect(mail.text).toContain('was deleted, with its mailbox, addresses and app passwords');
    expect(mail.text).not.toContain('by our staff');
    const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(
      periodEnd,
    );
    expect(mail.text).toContain(
      `Your subscription to ${plan} will not renew: it ends on ${day}, at the end of the period already paid for. You will not be charged again.`,
    );
    expect(mail.text).toContain('A deleted account cannot be restored.');
    // The notice outlives the person: staff still see it was sent, to whom and why.
    const row = await hub()
      .orm.em.fork()
      .findOneOrFail(OutgoingMail, { kind: 'account.deleted', recipient: user.email });
    expect(row).toMatchObject({ status: 'sent', userId: user.id });
  });

  it('in German for a German-speaking person, and says when staff deleted it', async () => {
    const { user, plan, periodEnd } = await person('Geloescht', { emailVerified: true, language: 'de' });
    const staff = await makeUser(hub().orm.em.fork(), 'deleting-staff');
    await deleteAccount(hub().orm.em.fork(), hub(), user.id, {
      reason: 'staff',
      actor: { id: staff.id, email: staff.email },
    });
    await sendQueued();
    const mail = await smtp.waitFor((m) => m.to.includes(user.email), 5000);
    expect(mail.subject).toBe('Ihr Konto bei Test Hub wurde gelöscht');
    expect(mail.text).toContain('von unseren Mitarbeiter:innen gelöscht');
    const day = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' }).format(periodEnd);
    expect(mail.text).toContain(`Ihr Abonnement ${plan} verlängert sich nicht: Es endet am ${day}`);
    expect(mail.text).toContain('lässt sich nicht wiederherstellen');
  });

  it('mails nothing to an address the person never confirmed (it may be someone else’s)', async () => {
    const { user } = await person('Unconfirmed', { emailVerified: false });
    await deleteOwn(user);
    await sendQueued();
    const check = hub().orm.em.fork();
    expect(await check.count(User, { id: user.id })).toBe(0);
    expect(await check.count(OutgoingMail, { recipient: user.email })).toBe(0);
    expect(smtp.messages().filter((m) => m.to.includes(user.email))).toEqual([]);
  });
});
