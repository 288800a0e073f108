// Compile-time guarantees that the client's types come from the hub's router and are not `any`
// (a type that cannot be resolved would silently become `any` and pass everything).
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AccessTokenClaims,
  AccountsClient,
  DirectoryUser,
  RouterInputs,
  RouterOutputs,
  WebhookEvent,
} from './index.ts';

describe('types of the typed client', () => {
  it('exposes the hub procedures with their inputs and outputs', () => {
    expectTypeOf<DirectoryUser['email']>().toEqualTypeOf<string>();
    expectTypeOf<DirectoryUser['displayName']>().toEqualTypeOf<string | null>();
    expectTypeOf<RouterInputs['directory']['checkSignup']>().toEqualTypeOf<{ email: string }>();
    expectTypeOf<RouterOutputs['directory']['whoAmI']['client']['isFirstParty']>().toEqualTypeOf<boolean>();
    expectTypeOf<RouterOutputs['clientAuth']['createLoginUrl']['expiresAt']>().toEqualTypeOf<Date>();
    expectTypeOf<RouterInputs['directory']['getUser']>().toEqualTypeOf<{ id: string } | { email: string }>();
    expectTypeOf<
      ReturnType<AccountsClient['directory']['getUser']['query']>
    >().resolves.toEqualTypeOf<DirectoryUser>();

    // @ts-expect-error a user's email is a string, not a number
    const wrong: number = null as unknown as DirectoryUser['email'];
    void wrong;
    // @ts-expect-error there is no such procedure
    expectTypeOf<RouterOutputs['directory']['deleteEverything']>().toBeNever();
    // @ts-expect-error staff procedures are not part of the server-to-server contract
    expectTypeOf<RouterOutputs['clients']['list']>().toBeNever();
  });

  it('types webhook payloads by event type, and the access token claims', () => {
    const event = null as unknown as WebhookEvent;
    if (event?.type === 'user.updated') {
      expectTypeOf(event.data.user.isActive).toEqualTypeOf<boolean>();
      expectTypeOf(event.data.user.displayName).toEqualTypeOf<string | null>();
    }
    if (event?.type === 'subscription.activated') {
      expectTypeOf(event.data.entitlements.clientIds).toEqualTypeOf<string[]>();
    }
    if (event?.type === 'session.revoked') expectTypeOf(event.data.sessionId).toEqualTypeOf<string>();
    expectTypeOf<AccessTokenClaims['client_id']>().toEqualTypeOf<string>();
  });
});
