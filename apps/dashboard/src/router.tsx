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
const planned = () => import('./pages/planned.tsx');
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
  component: lazyRouteComponent(planned, 'SubscriptionPage'),
});
const mailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/mail',
  component: lazyRouteComponent(planned, 'MailPage'),
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

const staffClientsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/clients',
  component: lazyRouteComponent(planned, 'StaffClientsPage'),
});
const staffWebhooksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/webhooks',
  component: lazyRouteComponent(planned, 'StaffWebhooksPage'),
});
const staffSubscriptionsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/subscriptions',
  component: lazyRouteComponent(planned, 'StaffSubscriptionsPage'),
});
const staffMailRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/mail',
  component: lazyRouteComponent(planned, 'StaffMailPage'),
});
const staffAuditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/audit',
  component: lazyRouteComponent(planned, 'StaffAuditPage'),
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
    mailRoute,
    privacyRoute,
    staffRoute.addChildren([
      staffIndexRoute,
      staffUsersRoute,
      staffUserRoute,
      staffClientsRoute,
      staffWebhooksRoute,
      staffSubscriptionsRoute,
      staffMailRoute,
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
