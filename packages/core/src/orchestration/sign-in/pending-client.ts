import type { BaseContext } from '../../kernel/context.ts';
import { loadActiveLoginRequest } from '../client-login/login-requests.ts';
import { SignInFailure } from './failure.ts';
import { readPendingSignIn, type SignInIntent } from './pending.ts';

/** The name of the client app a sign-in in progress is for, so the page can say where it leads. */
export async function pendingClientName(ctx: BaseContext): Promise<string | null> {
  const pending = readPendingSignIn(ctx);
  if (pending?.intent.kind !== 'client') return null;
  try {
    const request = await loadActiveLoginRequest(ctx.em, pending.intent.loginRequestId);
    return request.environment.client.name;
  } catch {
    return null; // gone or switched off: the page shows the plain sign-in, completion will explain
  }
}

/**
 * The client app a sign-in is for, when its login request is still usable; null for the
 * dashboard, or when the app was switched off (completing the intent will then say so).
 */
export async function signInClientId(
  ctx: Pick<BaseContext, 'em'>,
  intent: SignInIntent,
): Promise<string | null> {
  if (intent.kind !== 'client') return null;
  try {
    return (await loadActiveLoginRequest(ctx.em, intent.loginRequestId)).environment.client.id;
  } catch (error) {
    if (error instanceof SignInFailure) return null;
    throw error;
  }
}

/** `signInClientId` of the sign-in in progress in this browser, if any. */
export async function pendingSignInClientId(ctx: BaseContext): Promise<string | null> {
  const pending = readPendingSignIn(ctx);
  return pending ? signInClientId(ctx, pending.intent) : null;
}
