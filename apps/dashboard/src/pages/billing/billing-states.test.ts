import type { SubscriptionCardDto } from '@accounts/core/billing/browser';
import { describe, expect, it } from 'vitest';
import { de } from '../../i18n/de/index.ts';
import { en } from '../../i18n/en/complete.ts';
import { makeFormatters } from '../../i18n/format.ts';
import { makeTranslate } from '../../i18n/translate.ts';
import { GIVE_UP_AFTER_MS, pollInterval, present, type Subscription } from './billing-states.ts';

const i18n = { t: makeTranslate('en', en, en), format: makeFormatters('en-GB', 'Europe/Berlin') };
const german = { t: makeTranslate('de', de, en), format: makeFormatters('de-DE', 'Europe/Berlin') };

// 23:30 UTC on 31 December is already 1 January in Berlin: dates follow the person's time zone.
const NEW_YEAR = new Date('2026-12-31T23:30:00Z');

function subscription(fields: Partial<Subscription> = {}): Subscription {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    status: 'active',
    isActive: true,
    planId: 'plan',
    name: null,
    planName: 'Mail Plus',
    priceAmount: 900,
    currency: 'EUR',
    billingInterval: 'month',
    currentPeriodEnd: NEW_YEAR,
    renewsAt: NEW_YEAR,
    cancelAtPeriodEnd: false,
    endsAt: null,
    canceledAt: null,
    graceEndsAt: null,
    planUnknown: false,
    ...fields,
  };
}

const card = (state: SubscriptionCardDto['state'], sub: Subscription): SubscriptionCardDto => ({
  state,
  subscription: sub,
  canOpenPortal: true,
});

describe('how the subscription card presents each state', () => {
  it('active: renews on the next billing date, in the person’s time zone', () => {
    const sub = subscription();
    const look = present(card('active', sub), sub, i18n);
    expect(look).toMatchObject({ badge: 'subscription.badge.active', tone: 'good', note: null });
    expect(look.dateLabel).toBe('subscription.card.renews');
    expect(i18n.format.date(look.date!)).toBe('1 Jan 2027');
  });

  it('trialing is a trial, still good', () => {
    const sub = subscription({ status: 'trialing' });
    expect(present(card('active', sub), sub, i18n)).toMatchObject({
      badge: 'subscription.badge.trialing',
      tone: 'good',
    });
  });

  it('canceled at period end: says when it ends and that resuming keeps it', () => {
    const sub = subscription({ cancelAtPeriodEnd: true, renewsAt: null, endsAt: NEW_YEAR });
    const look = present(card('active', sub), sub, i18n);
    expect(look).toMatchObject({
      badge: 'subscription.badge.ending',
      tone: 'warn',
      dateLabel: 'subscription.card.ends',
    });
    expect(look.note).toBe(
      'Your subscription ends on 1 Jan 2027. You keep your plan until then; resume it to keep it going.',
    );
  });

  it('past_due and paused: a payment problem with the day features end', () => {
    const pastDue = subscription({ status: 'past_due', graceEndsAt: NEW_YEAR });
    expect(present(card('grace', pastDue), pastDue, i18n)).toMatchObject({
      badge: 'subscription.badge.pastDue',
      dateLabel: 'subscription.card.graceEnds',
      note: 'Paddle could not collect your last payment. Update your payment method to keep your plan after 1 Jan 2027.',
    });
    const paused = subscription({ status: 'paused', graceEndsAt: NEW_YEAR });
    expect(present(card('grace', paused), paused, german).note).toBe(
      'Ihr Abonnement ist pausiert. Ihr Tarif bleibt bis zum 01.01.2027 aktiv.',
    );
  });

  it('lapsed: ended, when, and that nothing was deleted', () => {
    const sub = subscription({ status: 'canceled', isActive: false, renewsAt: null, canceledAt: NEW_YEAR });
    const look = present(card('lapsed', sub), sub, i18n);
    expect(look).toMatchObject({
      badge: 'subscription.badge.lapsed',
      tone: 'bad',
      dateLabel: 'subscription.card.ended',
    });
    expect(look.note).toContain('Nothing was deleted');
  });

  it('a payment for a price no plan sells is flagged for staff, whatever its status', () => {
    const sub = subscription({ planUnknown: true, planId: null, planName: null });
    expect(present(card('lapsed', sub), sub, i18n)).toMatchObject({
      badge: 'subscription.badge.review',
      date: null,
    });
  });
});

describe('polling for the payment after checkout', () => {
  it('asks every 2 s at first, every 10 s after two minutes, and stops at the deadline', () => {
    const since = 1_000_000;
    expect(pollInterval(since, since)).toBe(2_000);
    expect(pollInterval(since, since + 119_000)).toBe(2_000);
    expect(pollInterval(since, since + 121_000)).toBe(10_000);
    expect(pollInterval(since, since + GIVE_UP_AFTER_MS - 1)).toBe(10_000);
    expect(pollInterval(since, since + GIVE_UP_AFTER_MS)).toBe(false);
  });
});
