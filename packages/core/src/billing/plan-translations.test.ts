import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import { callerFor, createPerson } from '../testing/role-callers.ts';

/** Issue 15, item 7: a plan's text in the person's language, edited by staff, English as fallback. */
describe('plan names and descriptions in other languages', () => {
  const hub = useTestHub(() => testConfig());

  const newPlan = {
    name: 'Mail Plus',
    description: 'A mailbox with room to spare.',
    paddlePriceIds: [],
    priceAmount: 500,
    currency: 'EUR',
    billingInterval: 'month' as const,
    mailboxQuotaBytes: 1024 ** 3,
    maxAliases: 1,
    maxAppPasswords: 1,
    maxCustomDomains: 0,
    clientIds: [],
    isActive: true,
    sortOrder: 0,
  };

  it('keeps the German text staff give, shows it to people, and lets staff change or drop it', async () => {
    const staff = callerFor(hub(), (await createPerson(hub(), { isStaff: true })).token).call;
    const person = callerFor(hub(), (await createPerson(hub())).token).call;
    const created = await staff.billingAdmin.createPlan({
      ...newPlan,
      translations: { de: { name: 'Mail Plus', description: 'Ein Postfach mit viel Platz.' } },
    });
    expect(created.translations).toEqual({
      de: { name: 'Mail Plus', description: 'Ein Postfach mit viel Platz.' },
    });
    const offered = (await person.plans.list()).find((plan) => plan.id === created.id)!;
    expect(offered).toMatchObject({
      description: 'A mailbox with room to spare.',
      translations: { de: { description: 'Ein Postfach mit viel Platz.' } },
    });

    const edited = await staff.billingAdmin.updatePlan({
      id: created.id,
      translations: { de: { name: null, description: 'Viel Platz für Ihre Post.' } },
    });
    expect(edited.translations).toEqual({ de: { name: null, description: 'Viel Platz für Ihre Post.' } });
    expect((await staff.billingAdmin.updatePlan({ id: created.id, translations: {} })).translations).toEqual(
      {},
    );
  });

  it('starts without translations, and refuses a language the dashboard does not speak', async () => {
    const staff = callerFor(hub(), (await createPerson(hub(), { isStaff: true })).token).call;
    const created = await staff.billingAdmin.createPlan({ ...newPlan, name: 'Basic' });
    expect(created.translations).toEqual({});
    await expect(
      staff.billingAdmin.updatePlan({
        id: created.id,
        translations: { fr: { name: 'Essentiel', description: null } } as never,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('is not for people who are not staff', async () => {
    const person = callerFor(hub(), (await createPerson(hub())).token).call;
    await expect(
      person.billingAdmin.createPlan({
        ...newPlan,
        name: 'Sneaky',
        translations: { de: { name: 'x', description: null } },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
