import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../orchestration/app-router.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { callerFor, createPerson } from './test-support.ts';

const id = '00000000-0000-4000-8000-000000000000';

/** A valid input for every procedure of this area; the test fails when a procedure is missing here. */
const samples: Record<string, unknown> = {
  'clients.list': {},
  'clients.get': { id },
  'clients.create': { name: 'Authz Probe', contacts: [{ name: 'A', email: 'a@example.test' }] },
  'clients.update': { id, name: 'Renamed' },
  'clients.delete': { id },
  'clients.addContact': { clientId: id, name: 'B', email: 'b@example.test' },
  'clients.updateContact': { id, name: 'C' },
  'clients.removeContact': { id },
  'clients.createEnvironment': { clientId: id, environment: 'prod', redirectUrl: 'https://x.example/cb' },
  'clients.updateEnvironment': { id, isActive: false },
  'clients.rotateEnvironmentToken': { id, graceSeconds: 0 },
  'clients.deleteEnvironment': { id },
  'clients.createWebhook': { environmentId: id, name: 'h', url: 'https://x.example/h', type: 'auth' },
  'clients.updateWebhook': { id, isActive: false },
  'clients.rotateWebhookSecret': { id, overlapSeconds: 0 },
  'clients.deleteWebhook': { id },
  'webhooks.listDeliveries': {},
  'webhooks.getDelivery': { id },
  'webhooks.redeliver': { id },
  'webhooks.redeliverFailed': {},
  'webhooks.sendTest': { webhookId: id },
  'webhooks.listFlagged': undefined,
  'webhooks.listWebhooks': undefined,
  'audit.list': {},
  'audit.filterOptions': undefined,
  'allowList.list': {},
  'allowList.add': { pattern: '@authz.example' },
  'allowList.remove': { id },
  'directory.whoAmI': undefined,
  'directory.getUser': { email: 'nobody@example.test' },
  'directory.checkSignup': { email: 'nobody@example.test' },
};

const AREA = ['clients.', 'webhooks.', 'audit.', 'allowList.', 'directory.'];
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
)
  .filter(([path]) => AREA.some((prefix) => path.startsWith(prefix)))
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

type Caller = ReturnType<typeof callerFor>;

async function outcome(caller: Caller, path: string): Promise<string> {
  const [namespace, name] = path.split('.') as [string, string];
  const procedure = (
    caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
  )[namespace]![name]!;
  try {
    await procedure(samples[path]);
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('who may call the client-app procedures', () => {
  const hub = useTestHub(() => testConfig());
  const callers: Record<string, Caller> = {};

  beforeAll(async () => {
    const user = await createPerson(hub());
    const staff = await createPerson(hub(), { isStaff: true });
    const staffApi = callerFor(hub(), { sessionToken: staff.sessionToken });
    const client = await staffApi.clients.create({
      name: 'Authz Client',
      contacts: [{ name: 'T', email: 't@example.test' }],
    });
    const { token } = await staffApi.clients.createEnvironment({
      clientId: client.id,
      environment: 'prod',
      redirectUrl: 'https://authz.example/cb',
    });
    callers.anonymous = callerFor(hub());
    callers.user = callerFor(hub(), { sessionToken: user.sessionToken });
    callers.staff = staffApi;
    callers.staffFromElsewhere = callerFor(hub(), {
      sessionToken: staff.sessionToken,
      origin: 'https://evil.example',
    });
    callers.clientServer = callerFor(hub(), { bearer: token });
  });

  it('covers every procedure of the area', () => {
    expect(procedures.map((procedure) => procedure.path).sort()).toEqual(Object.keys(samples).sort());
  });

  for (const { path, type } of procedures) {
    const isDirectory = path.startsWith('directory.');
    it(`${path} (${type})`, async () => {
      const results = {
        anonymous: await outcome(callers.anonymous!, path),
        user: await outcome(callers.user!, path),
        staff: await outcome(callers.staff!, path),
        clientServer: await outcome(callers.clientServer!, path),
        staffFromElsewhere: await outcome(callers.staffFromElsewhere!, path),
      };
      const granted = (result: string) => !['UNAUTHORIZED', 'FORBIDDEN'].includes(result);
      if (isDirectory) {
        expect(results.anonymous).toBe('UNAUTHORIZED');
        expect(results.user).toBe('UNAUTHORIZED');
        expect(results.staff).toBe('UNAUTHORIZED');
        expect(granted(results.clientServer)).toBe(true);
      } else {
        expect(results.anonymous).toBe('UNAUTHORIZED');
        expect(results.user).toBe('FORBIDDEN');
        expect(results.clientServer).toBe('UNAUTHORIZED');
        expect(granted(results.staff)).toBe(true);
        // Cookie-authenticated changes must come from the hub's own pages (CSRF).
        expect(results.staffFromElsewhere).toBe(type === 'mutation' ? 'FORBIDDEN' : results.staff);
      }
    });
  }
});
