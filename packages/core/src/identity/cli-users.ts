import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubConfig } from '../kernel/config.ts';
import { hashSecret } from '../kernel/crypto/argon2.ts';
import { randomToken } from '../kernel/crypto/tokens.ts';
import { conflict } from '../kernel/errors.ts';
import { User } from './entities.ts';
import { passwordSchema } from './passwords.ts';
import { changeRoles } from './staff-roles.ts';
import { availableUsername, emitUserEvent, normalizeEmail } from './users.ts';

export interface CliUserInput {
  email: string;
  username?: string | undefined;
  displayName?: string | undefined;
  staff: boolean;
  password?: string | undefined;
}

/** `pnpm accounts user:create`: the first staff user, or any other, from a shell. */
export async function createUserFromCli(em: EntityManager, config: HubConfig, input: CliUserInput) {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error('--email is not an email address');
  if (await em.findOne(User, { email })) throw conflict(`an account with ${email} already exists`);
  const username = input.username?.trim().toLowerCase() || (await availableUsername(em, email));
  if (await em.findOne(User, { username })) throw conflict(`the username ${username} is taken`);
  if (input.password !== undefined) {
    const checked = passwordSchema.safeParse(input.password);
    if (!checked.success) throw new Error(`--password: ${checked.error.issues[0]?.message}`);
  }
  const generatedPassword =
    input.password === undefined && config.authScheme === 'password' ? randomToken(18) : null;
  const password = input.password ?? generatedPassword;
  const user = em.create(User, {
    email,
    emailVerified: true, // the operator vouches for it, like staff
    username,
    displayName: input.displayName?.trim() || null,
    password: password ? await hashSecret(password) : null,
  });
  emitUserEvent(em, 'user.created', user);
  // The operator at the shell (null) grants it, audited like a superuser's grant.
  if (input.staff) changeRoles(em, null, user, { isSuperuser: true }, null);
  await em.flush();
  return { email, username, staff: input.staff, generatedPassword };
}
