import { describe, expect, it } from 'vitest';
import { Session } from '../identity/entities.ts';
import { createTestUser, sessionCookieFor } from '../identity/test-support.ts';
import { testConfig, useTestHub } from '../testing/index.ts';
import { identityCleanupJob } from './cleanup-job.ts';

describe('identity cleanup job', () => {
  const hub = useTestHub(() => testConfig());

  it('deletes expired sessions and keeps live ones', async () => {
    const em = hub().orm.em.fork();
    const user = await createTestUser(em);
    const live = await sessionCookieFor(hub(), user);
    const dead = await sessionCookieFor(hub(), user);
    await em.nativeUpdate(Session, { id: dead.sessionId }, { expiresAt: new Date(Date.now() - 1000) });
    expect(await identityCleanupJob.runOnce(hub())).toBeGreaterThanOrEqual(1);
    expect(await em.fork().findOne(Session, { id: dead.sessionId })).toBeNull();
    expect(await em.fork().findOne(Session, { id: live.sessionId })).not.toBeNull();
    expect(await identityCleanupJob.runOnce(hub())).toBe(0);
  });
});
