import type { EntityManager } from '@mikro-orm/postgresql';
import { checkSignupAllowed } from '../../clients/index.ts';
import type { SignupGate } from '../../identity/index.ts';
import type { HubConfig } from '../../kernel/config.ts';

/**
 * Identity creates people but cannot see the allow-list (clients, a layer above it): every path
 * that creates a person on their own initiative gets this gate, the same answer client apps get
 * from `directory.checkSignup`.
 */
export function signupGate(em: EntityManager, config: HubConfig): SignupGate {
  return async (email) => (await checkSignupAllowed(em, config, email)).allowed;
}
