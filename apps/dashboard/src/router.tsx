import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  lazyRouteComponent,
  Outlet,
  redirect,
  useRouter,
} from '@tanstack/react-router';
import { ErrorState, LoadingState } from './components/states.tsx';
import { loadCatalogue } from './i18n/index.tsx';
import { pickLanguage } from './i18n/language.ts';
import { auditListInput } from './lib/audit-search.ts';
import { definedOnly, oneOfParam, pageParam, textParam, uuidParam } from './lib/search-params.ts';
import { SIGN_IN_PATH } from './lib/session.ts';
import { isUnauthorized, type TrpcOptions } from './lib/trpc.ts';
import { AppLayout, StaffLayout } from './pages/layouts.tsx';
import { NotFoundPage } from './pages/not-found.tsx';

export interface RouterContext {
  queryClient: QueryClient;
  trpc: TrpcOptions;
}

/*
 * Every page is its own chunk (lazyRouteComponent). Loaders only *start* the page's queries
 * (prefetch, never throwing); TanStack Router runs the loaders of all matched routes at once and
 * httpBatchLink sends their queries in one request, so a page load is one round trip, not a
 * waterfall. Pages read the same queries with useQuery and show their own loading/error states.
 */

function RouteError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return <ErrorState error={error} onRetry={() => router.invalidate()} />;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

/** Everything behind sign-in. Its loader and the page's loader run in parallel. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  loader: async ({ context }) => {
    try {
      const person = await context.queryClient.ensureQueryData(context.trpc.me.get.queryOptions());
      // The page appears in the person's language at once, not in English first.
      await loadCatalogue(pickLanguage(person.language, navigator.languages)).catch(() => {});
    } catch (error) {
      if (isUnauthorized(error)) throw redirect({ href: SIGN_IN_PATH, reloadDocument: true });
      throw error;
    }
  },
  component: AppLayout,
  errorComponent: RouteError,
});

const overviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  loader: ({ context }) => context.queryClient.prefetchQuery(context.trpc.profile.overview.queryOptions()),
  component: lazyRouteComponent(() => import('./pages/overview.tsx')),
});

const profileRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('./pages/profile.tsx')),
});

const privacyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/privacy',
  component: lazyRouteComponent(() => import('./pages/privacy.tsx')),
});

// Pages other areas build: each replaces its component (and adds a loader) here.
const securityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/security',
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.prefetchQuery(context.trpc.sessions.list.queryOptions()),
      context.queryClient.prefetchQuery(context.trpc.sessions.connectedApps.queryOptions()),
      context.queryClient.prefetchQuery(context.trpc.auth.credentials.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/security.tsx')),
});
const subscriptionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/subscription',
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.prefetchQuery(context.trpc.billing.subscription.queryOptions()),
      context.queryClient.prefetchQuery(context.trpc.billing.checkout.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/billing/subscription.tsx')),
});
const mailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/mail',
  loader: ({ context }) => context.queryClient.prefetchQuery(context.trpc.mail.overview.queryOptions()),
  component: lazyRouteComponent(() => import('./pages/mail/layout.tsx')),
});
const mailOverviewRoute = createRoute({
  getParentRoute: () => mailRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./pages/mail/overview.tsx')),
});
const mailAppPasswordsRoute = createRoute({
  getParentRoute: () => mailRoute,
  path: '/app-passwords',
  loader: ({ context }) => context.queryClient.prefetchQuery(context.trpc.mail.appPasswords.queryOptions()),
  component: lazyRouteComponent(() => import('./pages/mail/app-passwords.tsx')),
});
const mailAddressesRoute = createRoute({
  getParentRoute: () => mailRoute,
  path: '/addresses',
  loader: ({ context }) =>
    Promise.all([
      context.queryClient.prefetchQuery(context.trpc.mail.addresses.queryOptions()),
      context.queryClient.prefetchQuery(context.trpc.mail.domains.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/mail/addresses.tsx')),
});
const mailDomainsRoute = createRoute({
  getParentRoute: () => mailRoute,
  path: '/domains',
  loader: ({ context }) => context.queryClient.prefetchQuery(context.trpc.mail.domains.queryOptions()),
  component: lazyRouteComponent(() => import('./pages/mail/domains.tsx')),
});

const staffRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/staff',
  component: StaffLayout,
});

const staffIndexRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/staff/users' });
  },
});

export const STAFF_USERS_PAGE_SIZE = 20;

export interface StaffUsersSearch {
  q?: string;
  page?: number;
}

const staffUsersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/users',
  validateSearch: (search: Record<string, unknown>): StaffUsersSearch => {
    const page = Number(search.page);
    return {
      ...(typeof search.q === 'string' && search.q ? { q: search.q.slice(0, 200) } : {}),
      ...(Number.isInteger(page) && page > 1 ? { page: Math.min(page, 10_000) } : {}),
    };
  },
  loaderDeps: ({ search }) => ({ query: search.q ?? '', page: search.page ?? 1 }),
  loader: ({ context, deps }) =>
    Promise.all([
      context.queryClient.prefetchQuery(
        context.trpc.staffUsers.search.queryOptions({ ...deps, pageSize: STAFF_USERS_PAGE_SIZE }),
      ),
      context.queryClient.prefetchQuery(context.trpc.auth.options.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/staff/users.tsx')),
});

const staffUserRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/users/$userId',
  loader: ({ context, params }) =>
    Promise.all([
      context.queryClient.prefetchQuery(context.trpc.staffUsers.get.queryOptions({ userId: params.userId })),
      context.queryClient.prefetchQuery(context.trpc.auth.options.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/staff/user-detail.tsx')),
});

// The client apps area (clients, webhook deliveries, audit log, allow list).
export const STAFF_CLIENTS_PAGE_SIZE = 20;
export const STAFF_DELIVERIES_PAGE_SIZE = 25;
export const STAFF_AUDIT_PAGE_SIZE = 20;
export const STAFF_ALLOW_LIST_PAGE_SIZE = 25;
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export interface StaffClientsSearch {
  q?: string;
  page?: number;
}

const staffClientsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients',
  validateSearch: (search: Record<string, unknown>): StaffClientsSearch =>
    definedOnly({ q: textParam(search.q), page: pageParam(search.page) }),
  loaderDeps: ({ search }) => ({ search: search.q ?? '', page: search.page ?? 1 }),
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(
      context.trpc.clients.list.queryOptions({ ...deps, pageSize: STAFF_CLIENTS_PAGE_SIZE }),
    ),
  component: lazyRouteComponent(() => import('./pages/staff/clients/list.tsx')),
});
const staffClientRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients/$clientId',
  loader: ({ context, params }) =>
    context.queryClient.prefetchQuery(context.trpc.clients.get.queryOptions({ id: params.clientId })),
  component: lazyRouteComponent(() => import('./pages/staff/clients/detail.tsx')),
});

export interface StaffDeliveriesSearch {
  status?: (typeof DELIVERY_STATUSES)[number];
  webhookId?: string;
  eventType?: string;
  page?: number;
}

const staffWebhooksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/webhooks',
  validateSearch: (search: Record<string, unknown>): StaffDeliveriesSearch =>
    definedOnly({
      status: oneOfParam(search.status, DELIVERY_STATUSES),
      webhookId: uuidParam(search.webhookId),
      eventType: textParam(search.eventType, 100),
      page: pageParam(search.page),
    }),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    Promise.all([
      context.queryClient.prefetchQuery(
        context.trpc.webhooks.listDeliveries.queryOptions({
          ...deps,
          page: deps.page ?? 1,
          pageSize: STAFF_DELIVERIES_PAGE_SIZE,
        }),
      ),
      context.queryClient.prefetchQuery(context.trpc.webhooks.listWebhooks.queryOptions()),
      context.queryClient.prefetchQuery(context.trpc.webhooks.listFlagged.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/staff/webhooks.tsx')),
});

export interface StaffAuditSearch {
  /** An email address or a user id. */
  actor?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Wall-clock times in the staff member's time zone (datetime-local format). */
  from?: string;
  to?: string;
  page?: number;
}

const staffAuditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/audit',
  validateSearch: (search: Record<string, unknown>): StaffAuditSearch =>
    definedOnly({
      actor: textParam(search.actor, 254),
      entityType: textParam(search.entityType, 100),
      entityId: textParam(search.entityId, 100),
      action: textParam(search.action, 100),
      from: textParam(search.from, 16),
      to: textParam(search.to, 16),
      page: pageParam(search.page),
    }),
  loaderDeps: ({ search }) => search,
  loader: async ({ context, deps }) => {
    void context.queryClient.prefetchQuery(context.trpc.audit.filterOptions.queryOptions());
    // The time range is in the staff member's zone; me.get is already on its way (same batch),
    // and the layout's loader deals with its failure.
    const me = await context.queryClient
      .ensureQueryData(context.trpc.me.get.queryOptions())
      .catch(() => null);
    if (!me) return;
    await context.queryClient.prefetchQuery(
      context.trpc.audit.list.queryOptions(auditListInput(deps, me.timezone, STAFF_AUDIT_PAGE_SIZE)),
    );
  },
  component: lazyRouteComponent(() => import('./pages/staff/audit.tsx')),
});

export interface StaffAllowListSearch {
  q?: string;
  page?: number;
}

const staffAllowListRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/allow-list',
  validateSearch: (search: Record<string, unknown>): StaffAllowListSearch =>
    definedOnly({ q: textParam(search.q, 254), page: pageParam(search.page) }),
  loaderDeps: ({ search }) => ({ search: search.q ?? '', page: search.page ?? 1 }),
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(
      context.trpc.allowList.list.queryOptions({ ...deps, pageSize: STAFF_ALLOW_LIST_PAGE_SIZE }),
    ),
  component: lazyRouteComponent(() => import('./pages/staff/allow-list.tsx')),
});

export const STAFF_BILLING_PAGE_SIZE = 25;
const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'paused', 'canceled'] as const;
const PADDLE_EVENT_STATUSES = ['received', 'applied', 'skipped', 'failed'] as const;
const pageOf = (value: unknown) => {
  const page = Number(value);
  return Number.isInteger(page) && page > 1 ? { page: Math.min(page, 10_000) } : {};
};
const textOf = <K extends string>(key: K, value: unknown, max: number) =>
  (typeof value === 'string' && value ? { [key]: value.slice(0, max) } : {}) as Partial<Record<K, string>>;
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  values.find((candidate) => candidate === value);

export interface StaffSubscriptionsSearch {
  q?: string;
  status?: (typeof SUBSCRIPTION_STATUSES)[number];
  flagged?: boolean;
  page?: number;
}

const staffSubscriptionsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions',
  validateSearch: (search: Record<string, unknown>): StaffSubscriptionsSearch => {
    const status = oneOf(SUBSCRIPTION_STATUSES, search.status);
    return {
      ...textOf('q', search.q, 255),
      ...(status ? { status } : {}),
      ...(search.flagged === true || search.flagged === 'true' ? { flagged: true } : {}),
      ...pageOf(search.page),
    };
  },
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(
      context.trpc.billingAdmin.subscriptions.queryOptions(staffSubscriptionsInput(deps)),
    ),
  component: lazyRouteComponent(() => import('./pages/staff/subscriptions.tsx')),
});

export function staffSubscriptionsInput(search: StaffSubscriptionsSearch) {
  return {
    ...(search.q ? { search: search.q } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.flagged ? { flagged: true } : {}),
    limit: STAFF_BILLING_PAGE_SIZE,
    offset: ((search.page ?? 1) - 1) * STAFF_BILLING_PAGE_SIZE,
  };
}

const staffSubscriptionRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions/$paddleId',
  loader: ({ context, params }) =>
    Promise.all([
      context.queryClient.prefetchQuery(
        context.trpc.billingAdmin.subscription.queryOptions({ paddleId: params.paddleId }),
      ),
      context.queryClient.prefetchQuery(
        context.trpc.billingAdmin.events.queryOptions(subscriptionEventsInput(params.paddleId)),
      ),
    ]),
  component: lazyRouteComponent(() => import('./pages/staff/subscription-detail.tsx')),
});

export const subscriptionEventsInput = (paddleId: string) => ({ search: paddleId, limit: 100, offset: 0 });

export interface PaddleEventsSearch {
  type?: string;
  status?: (typeof PADDLE_EVENT_STATUSES)[number];
  q?: string;
  page?: number;
}

const paddleEventsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions/events',
  validateSearch: (search: Record<string, unknown>): PaddleEventsSearch => {
    const status = oneOf(PADDLE_EVENT_STATUSES, search.status);
    return {
      ...textOf('type', search.type, 100),
      ...(status ? { status } : {}),
      ...textOf('q', search.q, 255),
      ...pageOf(search.page),
    };
  },
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(context.trpc.billingAdmin.events.queryOptions(paddleEventsInput(deps))),
  component: lazyRouteComponent(() => import('./pages/staff/paddle-events.tsx')),
});

export function paddleEventsInput(search: PaddleEventsSearch) {
  return {
    ...(search.type ? { eventType: search.type } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.q ? { search: search.q } : {}),
    limit: STAFF_BILLING_PAGE_SIZE,
    offset: ((search.page ?? 1) - 1) * STAFF_BILLING_PAGE_SIZE,
  };
}

const staffPlansRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions/plans',
  loader: ({ context }) => context.queryClient.prefetchQuery(context.trpc.billingAdmin.plans.queryOptions()),
  component: lazyRouteComponent(() => import('./pages/staff/plans/list.tsx')),
});

const paddleEventRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions/events/$eventId',
  loader: ({ context, params }) =>
    context.queryClient.prefetchQuery(context.trpc.billingAdmin.event.queryOptions({ id: params.eventId })),
  component: lazyRouteComponent(() => import('./pages/staff/paddle-event.tsx')),
});
export const STAFF_MAIL_PAGE_SIZE = 25;

export interface StaffMailSearch {
  q?: string;
  type?: 'individual' | 'group';
  page?: number;
}

const staffMailRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/mail',
  validateSearch: (search: Record<string, unknown>): StaffMailSearch => {
    const page = Number(search.page);
    return {
      ...(typeof search.q === 'string' && search.q ? { q: search.q.slice(0, 200) } : {}),
      ...(search.type === 'individual' || search.type === 'group' ? { type: search.type } : {}),
      ...(Number.isInteger(page) && page > 1 ? { page: Math.min(page, 10_000) } : {}),
    };
  },
  loaderDeps: ({ search }) => ({ query: search.q ?? '', type: search.type, page: search.page ?? 1 }),
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(
      context.trpc.mailAdmin.searchAccounts.queryOptions({
        query: deps.query,
        type: deps.type,
        limit: STAFF_MAIL_PAGE_SIZE,
        offset: (deps.page - 1) * STAFF_MAIL_PAGE_SIZE,
      }),
    ),
  component: lazyRouteComponent(() => import('./pages/staff/mail-accounts.tsx')),
});
const staffMailAccountRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/mail/$name',
  loader: ({ context, params }) =>
    Promise.all([
      context.queryClient.prefetchQuery(context.trpc.mailAdmin.account.queryOptions({ name: params.name })),
      context.queryClient.prefetchQuery(context.trpc.mailAdmin.domains.queryOptions()),
    ]),
  component: lazyRouteComponent(() => import('./pages/staff/mail-account.tsx')),
});

/** Signed out on purpose: shown right after a person deleted their account. */
const accountDeletedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account-deleted',
  component: lazyRouteComponent(() => import('./pages/account-deleted.tsx')),
});

/** Signed-out pages: outside the signed-in layout, so they never redirect to themselves. */
const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  // Nobody signed in: the browser's language; someone signed in: theirs. Loaded before showing.
  loader: async ({ context }) => {
    const [, maybe] = await Promise.all([
      context.queryClient.prefetchQuery(context.trpc.auth.options.queryOptions()),
      context.queryClient.ensureQueryData(context.trpc.me.maybe.queryOptions()).catch(() => null),
    ]);
    await loadCatalogue(pickLanguage(maybe?.user?.language, navigator.languages)).catch(() => {});
  },
  component: lazyRouteComponent(() => import('./pages/sign-in.tsx')),
});

const signInErrorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/error',
  loader: () => loadCatalogue(pickLanguage(null, navigator.languages)).catch(() => {}),
  component: lazyRouteComponent(() => import('./pages/sign-in-error.tsx')),
});

const routeTree = rootRoute.addChildren([
  appRoute.addChildren([
    overviewRoute,
    profileRoute,
    securityRoute,
    subscriptionRoute,
    mailRoute.addChildren([mailOverviewRoute, mailAppPasswordsRoute, mailAddressesRoute, mailDomainsRoute]),
    privacyRoute,
    staffRoute.addChildren([
      staffIndexRoute,
      staffUsersRoute,
      staffUserRoute,
      staffClientsRoute,
      staffClientRoute,
      staffWebhooksRoute,
      staffAllowListRoute,
      staffSubscriptionsRoute,
      staffSubscriptionRoute,
      paddleEventsRoute,
      paddleEventRoute,
      staffPlansRoute,
      staffMailRoute,
      staffMailAccountRoute,
      staffAuditRoute,
    ]),
  ]),
  accountDeletedRoute,
  signInRoute,
  signInErrorRoute,
]);

export function makeRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    defaultPreload: 'intent',
    // TanStack Query decides what is fresh; the router always asks it.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: () => <LoadingState />,
    defaultErrorComponent: RouteError,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
