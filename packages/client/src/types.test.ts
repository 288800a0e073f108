// Compile-time guarantees that the client's types come from the hub's router and are not `any`
// (a type that cannot be resolved would silently become `any` and pass everything).
import { describe, expectTypeOf, it } from 'vitest';
import type { AccountsClient, DirectoryUser, RouterInputs, RouterOutputs } from './index.ts';

describe('types of the typed client', () => {
  it('exposes the hub procedures with their inputs and outputs', () => {
    expectTypeOf<DirectoryUser['email']>().toEqualTypeOf<string>();
    expectTypeOf<DirectoryUser['displayName']>().toEqualTypeOf<string | null>();
    expectTypeOf<RouterInputs['directory']['checkSignup']>().toEqualTypeOf<{ email: string }>();
    expectTypeOf<RouterOutputs['directory']['whoAmI']['client']['isFirstParty']>().toEqualTypeOf<boolean>();
    expectTypeOf<RouterOutputs['clients']['list']['items'][number]['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<RouterInputs['directory']['getUser']>().toEqualTypeOf<{ id: string } | { email: string }>();
    expectTypeOf<
      ReturnType<AccountsClient['directory']['getUser']['query']>
    >().resolves.toEqualTypeOf<DirectoryUser>();

    // @ts-expect-error a user's email is a string, not a number
    const wrong: number = null as unknown as DirectoryUser['email'];
    void wrong;
    // @ts-expect-error there is no such procedure
    expectTypeOf<RouterOutputs['directory']['deleteEverything']>().toBeNever();
  });
});
