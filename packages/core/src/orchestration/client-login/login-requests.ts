import { createHmac, hkdfSync } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientEntity, ClientEnvironmentEntity } from '../../clients/index.ts';
import type { HubConfig } from '../../kernel/config.ts';
import { safeEqual } from '../../kernel/crypto/tokens.ts';
import { badInput } from '../../kernel/errors.ts';
import { SignInFailure } from '../sign-in/failure.ts';
import { LoginRequest } from './entities.ts';

/** A login link is good for three minutes, once. */
export const LOGIN_REQUEST_SECONDS = 3 * 60;

function macKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'accounts-hub login request code', 32));
}

function mac(key: Buffer, id: string): string {
  return createHmac('sha256', macKey(key)).update(id).digest('base64url');
}

/** Same origin: scheme, host and port all equal. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** redirect_to is honoured only on the origin of the environment's redirect_url (no open redirect). */
export function checkRedirectTo(
  environment: Pick<ClientEnvironmentEntity, 'redirectUrl'>,
  redirectTo: string,
) {
  let parsed: URL;
  try {
    parsed = new URL(redirectTo);
  } catch {
    throw badInput('redirectTo must be an absolute URL.', 'redirectTo');
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw badInput('redirectTo must be an http(s) URL without credentials.', 'redirectTo');
  }
  if (!sameOrigin(parsed.toString(), environment.redirectUrl)) {
    throw badInput("redirectTo must be on the same origin as the environment's redirect URL.", 'redirectTo');
  }
}

export async function createLoginRequest(
  em: EntityManager,
  config: HubConfig,
  environment: Pick<ClientEnvironmentEntity, 'id' | 'redirectUrl'>,
  input: { state: string; redirectTo?: string | null | undefined },
): Promise<{ url: string; expiresAt: Date }> {
  if (input.redirectTo) checkRedirectTo(environment, input.redirectTo);
  const expiresAt = new Date(Date.now() + LOGIN_REQUEST_SECONDS * 1000);
  const request = em.create(LoginRequest, {
    environment: environment.id,
    state: input.state,
    redirectTo: input.redirectTo ?? null,
    expiresAt,
  });
  await em.flush();
  const code = `${request.id}.${mac(config.encryptionKeys[0]!.key, request.id)}`;
  return { url: `${config.publicUrl}/auth/login/${code}`, expiresAt };
}

export type ActiveLoginRequest = {
  id: string;
  state: string;
  redirectTo: string | null;
  environment: ClientEnvironmentEntity & { client: ClientEntity };
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks the link's signature, then marks the request used in one conditional update, so a link
 * opened twice (or after three minutes) is refused whatever the timing.
 */
export async function consumeLoginCode(
  em: EntityManager,
  config: HubConfig,
  code: string,
): Promise<ActiveLoginRequest> {
  const invalid = new SignInFailure('login-link-invalid', 'client', 'login link is not valid');
  const [id, signature, ...rest] = code.split('.');
  if (!id || !signature || rest.length || !UUID.test(id)) throw invalid;
  // Any configured key: a link made just before a key rotation still works.
  if (!config.encryptionKeys.some((key) => safeEqual(mac(key.key, id), signature))) throw invalid;
  const now = new Date();
  const claimed = await em.nativeUpdate(
    LoginRequest,
    { id, usedAt: null, expiresAt: { $gt: now } },
    { usedAt: now },
  );
  if (claimed !== 1) throw invalid;
  return loadActiveLoginRequest(em, id);
}

/** The login request with its environment, refused when the app was switched off meanwhile. */
export async function loadActiveLoginRequest(em: EntityManager, id: string): Promise<ActiveLoginRequest> {
  const request = await em.findOne(LoginRequest, { id }, { populate: ['environment.client'], refresh: true });
  if (!request) throw new SignInFailure('login-link-invalid', 'client', 'login request is gone');
  const environment = request.environment as unknown as ClientEnvironmentEntity & { client: ClientEntity };
  if (!environment.isActive || !environment.client.isActive) {
    throw new SignInFailure('app-unavailable', 'client', 'client app or environment is inactive');
  }
  return { id: request.id, state: request.state, redirectTo: request.redirectTo ?? null, environment };
}
