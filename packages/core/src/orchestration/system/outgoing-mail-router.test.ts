import { describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestClientApp,
  createTestUser,
  type FakeRequest,
  sessionCookieFor,
} from '../../identity/test-support.ts';
import { OutgoingMail } from '../../kernel/outgoing-mail/entity.ts';
import { testConfig, useTestHub } from '../../testing/index.ts';

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'THREW';
  }
}

describe('who may see and resend the hub’s failed mail', () => {
  const hub = useTestHub(() => testConfig());

  it('staff and superusers only; people, anonymous callers and client servers are refused', async () => {
    const em = hub().orm.em.fork();
    const failed = em.create(OutgoingMail, {
      kind: 'test.note',
      userId: null,
      recipient: 'someone@example.test',
      subject: 'A note',
      body: Buffer.from('sealed'),
      status: 'failed',
      attempts: 8,
      nextAttemptAt: new Date(),
      lastError: '421 try later',
    });
    await em.flush();
    const person = await createTestUser(em);
    const staff = await createTestUser(em, { isStaff: true });
    const superuser = await createTestUser(em, { isStaff: true, isSuperuser: true });
    const app = await createTestClientApp(em);
    const requests: Record<string, FakeRequest> = {
      anonymous: {},
      user: { cookies: (await sessionCookieFor(hub(), person)).cookies },
      staff: { cookies: (await sessionCookieFor(hub(), staff)).cookies },
      superuser: { cookies: (await sessionCookieFor(hub(), superuser)).cookies },
      clientServer: { authorization: `Bearer ${app.token}`, origin: null },
    };
    const list: Record<string, string> = {};
    const resend: Record<string, string> = {};
    for (const [role, request] of Object.entries(requests)) {
      const { caller } = callerFor(hub(), request);
      list[role] = await codeOf(caller.outgoingMail.list({ status: 'failed' }));
      // Put back as failed after each successful resend, so every role meets the same row.
      resend[role] = await codeOf(caller.outgoingMail.resend({ id: failed.id }));
      await em.fork().nativeUpdate(OutgoingMail, { id: failed.id }, { status: 'failed' });
    }
    const expected = {
      anonymous: 'UNAUTHORIZED',
      user: 'FORBIDDEN',
      staff: 'OK',
      superuser: 'OK',
      clientServer: 'UNAUTHORIZED',
    };
    expect(list).toEqual(expected);
    expect(resend).toEqual(expected);

    const { caller } = callerFor(hub(), requests.staff!);
    const page = await caller.outgoingMail.list({ status: 'failed' });
    expect(page.items).toEqual([
      expect.objectContaining({ id: failed.id, recipient: 'someone@example.test', status: 'failed' }),
    ]);
    expect(page.items[0]).not.toHaveProperty('body');
  });
});
