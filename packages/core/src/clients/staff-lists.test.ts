import { describe, expect, it } from 'vitest';
import { testConfig, useTestHub } from '../testing/index.ts';
import { callerFor, createPerson } from './test-support.ts';

// What the staff pages choose from: every webhook with its client, and the audit log's filters.
describe('staff lists for the dashboard', () => {
  const hub = useTestHub(() => testConfig({ webhooks: { allowPrivateTargets: false } }));

  async function staff(email?: string) {
    const { user, sessionToken } = await createPerson(hub(), { isStaff: true, ...(email ? { email } : {}) });
    return { user, api: callerFor(hub(), { sessionToken }) };
  }

  async function clientWithHooks(api: ReturnType<typeof callerFor>, name: string, hooks: string[]) {
    const client = await api.clients.create({
      name,
      contacts: [{ name: 'Team', email: 'team@example.test' }],
    });
    const { environment } = await api.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: `https://${name.toLowerCase()}.example/cb`,
    });
    for (const hook of hooks) {
      await api.clients.createWebhook({
        environmentId: environment.id,
        name: hook,
        url: `https://${name.toLowerCase()}.example/${hook}`,
        type: 'auth',
      });
    }
    return client;
  }

  it('lists every webhook with its client and environment, by client then name, and never a secret', async () => {
    const { api } = await staff();
    expect(await api.webhooks.listWebhooks()).toEqual([]);
    const files = await clientWithHooks(api, 'Files', ['uploads', 'accounts']);
    const calendar = await clientWithHooks(api, 'Calendar', ['events']);

    const webhooks = await api.webhooks.listWebhooks();
    expect(webhooks.map((hook) => [hook.clientName, hook.environment, hook.name])).toEqual([
      ['Calendar', 'prod', 'events'],
      ['Files', 'prod', 'accounts'],
      ['Files', 'prod', 'uploads'],
    ]);
    expect(webhooks[0]).toMatchObject({ clientId: calendar.id, isFlagged: false, isActive: true });
    expect(webhooks[1]?.clientId).toBe(files.id);
    expect(Object.keys(webhooks[0]!)).not.toContain('secret');

    await api.clients.delete({ id: files.id });
    expect((await api.webhooks.listWebhooks()).map((hook) => hook.name)).toEqual(['events']);
  });

  it('filters the audit log by the actor’s address, typed in any case, and offers the recorded types and actions', async () => {
    const ada = await staff('ada.staff@example.test');
    const bob = await staff('bob_staff@example.test');
    await ada.api.clients.create({ name: 'By Ada', contacts: [{ name: 'A', email: 'a@example.test' }] });
    await bob.api.allowList.add({ pattern: '@bob.example' });

    const byAda = await bob.api.audit.list({ actorEmail: 'ADA.STAFF@example.TEST' });
    expect(byAda.items.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['client.create', ada.user.id],
    ]);
    const byBob = await ada.api.audit.list({ actorEmail: 'bob_staff@example.test' });
    expect(byBob.items.map((entry) => entry.action)).toEqual(['allow-list.add']);
    // The whole address, not a part of it.
    expect((await ada.api.audit.list({ actorEmail: 'bob' })).total).toBe(0);

    const options = await ada.api.audit.filterOptions();
    const recorded = (await ada.api.audit.list({ pageSize: 100 })).items;
    const distinctSorted = (values: string[]) => [...new Set(values)].sort();
    expect(options.entityTypes).toEqual(distinctSorted(recorded.map((entry) => entry.entityType)));
    expect(options.actions).toEqual(distinctSorted(recorded.map((entry) => entry.action)));
    expect(options.entityTypes).toEqual(expect.arrayContaining(['AllowListEntry', 'Client']));
  });
});
