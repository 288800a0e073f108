// Test helpers: a cookie-keeping "browser" that talks to the Hono app in process and to the
// Mozilla Accounts stand-in over real HTTP, and a tRPC client for client apps' servers.
import type { Logger } from '@accounts/core/kernel';
import type { AppRouter } from '@accounts/core/orchestration';
import { testConfig } from '@accounts/core/testing';
import { type FxaStandIn, startFxaStandIn } from '@accounts/devkit/fxa-stand-in';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { createApp } from '../app.ts';

type App = ReturnType<typeof createApp>;

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg: string | undefined;
}

/** A Logger that keeps every line, for tests about what gets logged (and what never does). */
export function capturingLogger(): Logger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const at = (level: CapturedLine['level']) => (obj: object | string, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

/** The Mozilla Accounts stand-in, knowing the hub at `publicUrl` as its confidential client. */
export function startHubFxaStandIn(publicUrl: string, port?: number): Promise<FxaStandIn> {
  return startFxaStandIn({
    port,
    clients: [{ clientId: 'hub', clientSecret: 'hub-secret', redirectUris: [`${publicUrl}/auth/callback`] }],
  });
}

/** A hub at `publicUrl` that signs people in through that stand-in. */
export function fxaHubConfig(fxa: FxaStandIn, publicUrl: string, timeoutMs: number) {
  return testConfig({
    publicUrl,
    authScheme: 'fxa',
    fxa: { clientId: 'hub', clientSecret: 'hub-secret', discoveryUrl: fxa.discoveryUrl, timeoutMs },
  });
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly app: App;
  readonly publicUrl: string;

  constructor(app: App, publicUrl: string) {
    this.app = app;
    this.publicUrl = publicUrl;
  }

  remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** One GET on the hub; returns the status and where it redirects. */
  async get(pathOrUrl: string): Promise<{ status: number; location: string | null; response: Response }> {
    const url = new URL(pathOrUrl, this.publicUrl);
    const response = await this.app.request(`${url.pathname}${url.search}`, {
      headers: { cookie: this.cookieHeader(), 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
    });
    this.remember(response);
    return { status: response.status, location: response.headers.get('location'), response };
  }

  /** Submits the stand-in's sign-in form for the authorization URL, as a person would. */
  async signInAtMozilla(
    authorizationUrl: string,
    email: string,
    options: { displayName?: string; decision?: 'allow' | 'deny' } = {},
  ): Promise<string> {
    const url = new URL(authorizationUrl);
    const form = new URLSearchParams(url.searchParams);
    form.set('email', email);
    form.set('displayName', options.displayName ?? '');
    form.set('decision', options.decision ?? 'allow');
    const response = await fetch(`${url.origin}/authorization`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`stand-in answered ${response.status}`);
    return location;
  }

  /** The whole dashboard sign-in through Mozilla; returns the final redirect of the callback. */
  async signInWithMozilla(email: string, displayName?: string): Promise<string | null> {
    const start = await this.get('/auth/sign-in');
    if (!start.location?.startsWith('http://127.0.0.1')) return start.location;
    const back = await this.signInAtMozilla(start.location, email, displayName ? { displayName } : {});
    return (await this.get(back)).location;
  }

  /** tRPC as the dashboard calls it: our Origin, this browser's cookies, cookies it sets are kept. */
  trpc() {
    return trpcClient(
      this.app,
      this.publicUrl,
      () => ({ cookie: this.cookieHeader(), origin: new URL(this.publicUrl).origin }),
      (response) => this.remember(response),
    );
  }
}

export function trpcClient(
  app: App,
  publicUrl: string,
  headers: Record<string, string> | (() => Record<string, string>),
  onResponse: (response: Response) => void = () => {},
) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${publicUrl}/trpc`,
        transformer: superjson,
        headers,
        fetch: async (url, init) => {
          const target = new URL(String(url));
          const response = await app.request(`${target.pathname}${target.search}`, init as RequestInit);
          onResponse(response);
          return response;
        },
      }),
    ],
  });
}

export function clientServer(app: App, publicUrl: string, environmentToken: string) {
  return trpcClient(app, publicUrl, { authorization: `Bearer ${environmentToken}` });
}

export function callbackParams(location: string | null): {
  code: string | null;
  state: string | null;
  error: string | null;
} {
  const url = new URL(location ?? 'http://invalid/');
  return {
    code: url.searchParams.get('code'),
    state: url.searchParams.get('state'),
    error: url.searchParams.get('error'),
  };
}

export type { FxaStandIn };
