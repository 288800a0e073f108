import { createRootRoute, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { lazy } from 'react';
import { Shell } from './components/shell.tsx';

const rootRoute = createRootRoute({
  component: () => (
    <Shell>
      <Outlet />
    </Shell>
  ),
});

const overviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: lazy(() => import('./pages/overview.tsx')),
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  component: lazy(() => import('./pages/sign-in.tsx')),
});

const signInErrorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/error',
  component: lazy(() => import('./pages/sign-in-error.tsx')),
});

const routeTree = rootRoute.addChildren([overviewRoute, signInRoute, signInErrorRoute]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
