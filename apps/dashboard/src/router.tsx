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
import { NavigationProgress } from './components/navigation-progress.tsx';
import { ErrorState, LoadingState } from './components/states.tsx';
import { loadCatalogue, loadStaffMessages } from './i18n/index.tsx';
import { pickLanguage } from './i18n/language.ts';
import { signInPathFor } from './lib/session.ts';
import { isUnauthorized, type TrpcOptions } from './lib/trpc.ts';
import { AppLayout, StaffLayout } from './pages/layouts.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { STAFF_ALLOW_LIST_PAGE_SIZE, validateStaffAllowListSearch } from './pages/staff/allow-list-search.ts';
import {
  auditListInput,
  STAFF_AUDIT_PAGE_SIZE,
  validateStaffAuditSearch,
} from './pages/staff/audit-search.ts';
import { STAFF_CLIENTS_PAGE_SIZE, validateStaffClientsSearch } from './pages/staff/clients/list-search.ts';
import { STAFF_MAIL_PAGE_SIZE, validateStaffMailSearch } from './pages/staff/mail-accounts-search.ts';
import {
  paddleEventsInput,
  subscriptionEventsInput,
  validatePaddleEventsSearch,
} from './pages/staff/paddle-events-search.ts';
import {
  staffSubscriptionsInput,
  validateStaffSubscriptionsSearch,
} from './pages/staff/subscriptions-search.ts';
import { STAFF_USERS_PAGE_SIZE, validateStaffUsersSearch } from './pages/staff/users-search.ts';
import { STAFF_DELIVERIES_PAGE_SIZE, validateStaffDeliveriesSearch } from './pages/staff/webhooks-search.ts';

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

function Root() {
  return (
    <>
      <NavigationProgress />
      <Outlet />
    </>
  );
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Root,
  notFoundComponent: NotFoundPage,
});

/** Everything behind sign-in. Its loader and the page's loader run in parallel. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  loader: async ({ context, location }) => {
    try {
      const person = await context.queryClient.ensureQueryData(context.trpc.me.get.queryOptions());
      // The page appears in the person's language at once, not in English first.
      await loadCatalogue(pickLanguage(person.language, navigator.languages)).catch(() => {});
    } catch (error) {
      if (isUnauthorized(error)) {
        // The sign-in page brings the person back here afterwards ("You will come back here").
        throw redirect({ href: signInPathFor(location.href), reloadDocument: true });
      }
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

const activityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activity',
  loader: ({ context }) => context.queryClient.prefetchQuery(context.trpc.privacy.activity.queryOptions()),
  component: lazyRouteComponent(() => import('./pages/activity.tsx')),
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
  // The staff pages' English text is not in the first bundle (i18n/en/staff.ts).
  loader: () => loadStaffMessages(),
  component: StaffLayout,
});

const staffIndexRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/staff/users' });
  },
});

const staffUsersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/users',
  validateSearch: validateStaffUsersSearch,
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
const staffClientsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients',
  validateSearch: validateStaffClientsSearch,
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

const staffWebhooksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/webhooks',
  validateSearch: validateStaffDeliveriesSearch,
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

const staffAuditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/audit',
  validateSearch: validateStaffAuditSearch,
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

const staffAllowListRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/allow-list',
  validateSearch: validateStaffAllowListSearch,
  loaderDeps: ({ search }) => ({ search: search.q ?? '', page: search.page ?? 1 }),
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(
      context.trpc.allowList.list.queryOptions({ ...deps, pageSize: STAFF_ALLOW_LIST_PAGE_SIZE }),
    ),
  component: lazyRouteComponent(() => import('./pages/staff/allow-list.tsx')),
});

const staffSubscriptionsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions',
  validateSearch: validateStaffSubscriptionsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(
      context.trpc.billingAdmin.subscriptions.queryOptions(staffSubscriptionsInput(deps)),
    ),
  component: lazyRouteComponent(() => import('./pages/staff/subscriptions.tsx')),
});

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

const paddleEventsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions/events',
  validateSearch: validatePaddleEventsSearch,
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    context.queryClient.prefetchQuery(context.trpc.billingAdmin.events.queryOptions(paddleEventsInput(deps))),
  component: lazyRouteComponent(() => import('./pages/staff/paddle-events.tsx')),
});

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
const staffMailRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/mail',
  validateSearch: validateStaffMailSearch,
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
  // While it loads, the page's HTML shows its card (decision 0072): no "Loading…" in its place.
  // Every arrival here is a full page load (sign-out, lost session: reloadDocument), whose HTML
  // already shows the card (decision 0072); a client-side link here would need a pending state.
  pendingComponent: () => null,
});

/** After password sign-up: the confirmation link is on its way (works signed in or not). */
const checkEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/check-email',
  loader: async ({ context }) => {
    const maybe = await context.queryClient
      .ensureQueryData(context.trpc.me.maybe.queryOptions())
      .catch(() => null);
    await loadCatalogue(pickLanguage(maybe?.user?.language, navigator.languages)).catch(() => {});
  },
  component: lazyRouteComponent(() => import('./pages/check-email.tsx')),
});

/** Where an address-confirmation link lands: signed in or not (it may be opened on another device). */
const verifyEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/verify-email',
  loader: () => loadCatalogue(pickLanguage(null, navigator.languages)).catch(() => {}),
  component: lazyRouteComponent(() => import('./pages/verify-email.tsx')),
});

const signInErrorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/error',
  loader: () => loadCatalogue(pickLanguage(null, navigator.languages)).catch(() => {}),
  component: lazyRouteComponent(() => import('./pages/sign-in-error.tsx')),
});

const staffOutgoingMailRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/outgoing-mail',
  loader: ({ context }) =>
    context.queryClient.prefetchQuery(context.trpc.outgoingMail.list.queryOptions({ status: 'failed' })),
  component: lazyRouteComponent(() => import('./pages/staff/outgoing-mail.tsx')),
});

/** A person SIGNUP_MODE does not (yet) let in: their address and a link for staff. */
const signUpNotAllowedRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up/not-allowed',
  loader: async ({ context }) => {
    await Promise.all([
      context.queryClient.prefetchQuery(context.trpc.auth.options.queryOptions()),
      // A refused Mozilla sign-in's address, taken once (decision 0075): the page asks no more.
      context.queryClient.prefetchQuery({
        ...context.trpc.auth.refusedSignUp.queryOptions(),
        staleTime: Number.POSITIVE_INFINITY,
      }),
      loadCatalogue(pickLanguage(null, navigator.languages)).catch(() => {}),
    ]);
  },
  component: lazyRouteComponent(() => import('./pages/sign-up-not-allowed.tsx')),
});

const routeTree = rootRoute.addChildren([
  appRoute.addChildren([
    overviewRoute,
    profileRoute,
    securityRoute,
    subscriptionRoute,
    mailRoute.addChildren([mailOverviewRoute, mailAppPasswordsRoute, mailAddressesRoute, mailDomainsRoute]),
    privacyRoute,
    activityRoute,
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
      staffOutgoingMailRoute,
    ]),
  ]),
  accountDeletedRoute,
  signInRoute,
  checkEmailRoute,
  verifyEmailRoute,
  signInErrorRoute,
  signUpNotAllowedRoute,
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
