// A client app in another repository: it has @accounts/client from a tarball and nothing of the
// hub. Type checked with strict settings, then run.
import {
  type AccessTokenClaims,
  accountsErrorCode,
  createAccountsClient,
  type DirectoryUser,
  type WebhookEvent,
} from '@accounts/client';

// A stand-in for the hub: one batched tRPC answer, in superjson's wire format.
const fakeHub: typeof fetch = async () =>
  new Response(
    JSON.stringify([
      {
        result: {
          data: {
            json: {
              client: { id: 'c1', name: 'Calendar', isFirstParty: false },
              environment: { id: 'e1', name: 'prod' },
            },
          },
        },
      },
    ]),
    { headers: { 'content-type': 'application/json' } },
  );

const accounts = createAccountsClient({
  url: 'https://accounts.example.test',
  token: 'acc_env_test',
  fetch: fakeHub,
});
const { client } = await accounts.directory.whoAmI.query();
const name: string = client.name;

// Wrong inputs must not type check: these lines prove the types did not degrade to `any`.
// @ts-expect-error getUser takes { id } or { email }
void accounts.directory.getUser.query({ username: 'dana' });
// @ts-expect-error staff procedures are not part of the contract
void accounts.clients;

function describe(event: WebhookEvent): string {
  switch (event.type) {
    case 'user.created':
    case 'user.updated':
      return `${event.type} ${event.data.user.email} active=${event.data.user.isActive}`;
    case 'subscription.activated':
      return `plan ${event.data.entitlements.planName ?? 'none'}`;
    default:
      return event.type;
  }
}
const user: Pick<DirectoryUser, 'email'> = { email: 'dana@example.test' };
const claims: Pick<AccessTokenClaims, 'sub' | 'client_id'> = { sub: 'u1', client_id: 'c1' };
console.log(
  JSON.stringify({
    name,
    user: user.email,
    claims: claims.client_id,
    code: accountsErrorCode(new Error('x')),
    event: describe({ type: 'user.deleted', timestamp: '', data: { user: { id: 'u1' } } }),
  }),
);
