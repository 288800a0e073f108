// Type probes, checked by `tsc` only (never imported): if the router's types ever stopped
// resolving in the dashboard (e.g. entity types leaking into outputs), answers would silently
// become `any` and these expected errors would disappear, failing the typecheck.
import type { AppRouter } from '@accounts/core/orchestration';
import type { TRPCClient } from '@trpc/client';

type Client = TRPCClient<AppRouter>;
type Me = Awaited<ReturnType<Client['me']['get']['query']>>;
type Overview = Awaited<ReturnType<Client['profile']['overview']['query']>>;
type StaffUserPage = Awaited<ReturnType<Client['staffUsers']['search']['query']>>;

export const probes = (me: Me, overview: Overview, page: StaffUserPage) => {
  // @ts-expect-error an email is a string
  const email: number = me.email;
  // @ts-expect-error dates arrive as Date objects (superjson)
  const joined: string = me.dateJoined;
  // @ts-expect-error a plan has no price in the overview
  const price: number = overview.plan?.priceAmount;
  // @ts-expect-error rows never carry a password
  const password: string = page.items[0]?.password;
  return [email, joined, price, password];
};
