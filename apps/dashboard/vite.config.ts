import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { firstFrames } from './scripts/first-frames.ts';
import { precompress } from './scripts/precompress.ts';
import { routePreloads } from './scripts/route-preloads.ts';

// In dev the dashboard is the page origin and forwards API paths, so cookies and the CSRF
// origin check behave exactly as in production, where the API serves the built files itself.
const api = `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;
const forwarded = ['/trpc', '/auth', '/webhooks', '/.well-known', '/healthz', '/readyz'];

export default defineConfig({
  plugins: [
    react(),
    // The pages people land on: the overview, and the sign-in page every signed-out visit ends on.
    routePreloads({ '/': 'src/pages/overview.tsx', '/sign-in': 'src/pages/sign-in.tsx' }),
    // Their first frame in the HTML, and the stylesheet inline in every shell (decision 0072).
    firstFrames(['/', '/sign-in'], 'src/first-frames.tsx'),
    precompress(),
  ],
  server: {
    port: Number(process.env.DASHBOARD_PORT ?? 5173),
    strictPort: true,
    host: '127.0.0.1',
    proxy: Object.fromEntries(forwarded.map((path) => [path, { target: api, xfwd: true }])),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Read by scripts/check-size.ts (the size budget).
    manifest: true,
  },
});
