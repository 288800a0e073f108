// Signed-in people for browser tests: a real user row and a real session in the stack's
// database, and the session cookie in the browser, exactly as a completed sign-in leaves them.
import { randomBytes } from 'node:crypto';
import { createSession, sessionCookieName, User, type UserEntity } from '@accounts/core/identity';
import { type EntityManager, type MikroORM, openDatabase } from '@accounts/core/orchestration';
import { testConfig } from '@accounts/core/testing';
import type { BrowserContext } from 'playwright-core';
import type { Stack } from './stack.ts';

export interface StackDatabase {
  orm: MikroORM;
  em(): EntityManager;
  close(): Promise<void>;
}

export async function openStackDatabase(stack: Stack): Promise<StackDatabase> {
  const orm = await openDatabase({ url: stack.database.url, poolMax: 2 });
  return { orm, em: () => orm.em.fork(), close: () => orm.close(true) };
}

export type PersonFields = Partial<
  Pick<
    UserEntity,
    | 'email'
    | 'emailVerified'
    | 'displayName'
    | 'isStaff'
    | 'isSuperuser'
    | 'language'
    | 'timezone'
    | 'avatarUrl'
  >
>;

export async function createUser(db: StackDatabase, fields: PersonFields = {}): Promise<UserEntity> {
  const em = db.em();
  const name = `person-${randomBytes(4).toString('hex')}`;
  const user = em.create(User, { email: `${name}@example.test`, username: name, ...fields });
  await em.flush();
  return user;
}

/** Creates a session for the user and puts its cookie into the browser context. */
export async function signIn(db: StackDatabase, stack: Stack, context: BrowserContext, user: UserEntity) {
  const em = db.em();
  const config = testConfig({ publicUrl: stack.url });
  const { token, session } = await createSession(em, config, await em.findOneOrFail(User, { id: user.id }), {
    ip: '127.0.0.1',
    userAgent: 'Chromium (e2e)',
    method: 'password',
  });
  stack.secrets.remember(token);
  await context.addCookies([
    { name: sessionCookieName(config), value: token, url: stack.url, httpOnly: true, sameSite: 'Lax' },
  ]);
  return { token, sessionId: session.id };
}
