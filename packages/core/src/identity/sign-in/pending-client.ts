import type { BaseContext } from '../../context.ts';
import { loadActiveLoginRequest } from '../login-requests.ts';
import { readPendingSignIn } from './pending.ts';

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
