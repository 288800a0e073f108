// A Mozilla Accounts stand-in for development and tests: a real HTTP server that speaks the
// relying-party protocol documented in shared/REFERENCE.md, refusals included, so the hub's
// production code path (discovery, Arctic, verify/destroy/profile, account events) is what runs.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { FxaHttpError, readParams, redirect, sendFxaError, sendHtml, sendJson } from './http.ts';
import { errorPage, settingsPage, signInPage } from './pages.ts';
import { type StandInClient, type StandInProfile, StandInStore } from './store.ts';

export type { StandInClient, StandInProfile } from './store.ts';

export const EVENT_PREFIX = 'https://schemas.accounts.firefox.com/event/';

export type StandInEndpoint = 'discovery' | 'token' | 'verify' | 'destroy' | 'profile' | 'jwks';

/** A way for tests to make an endpoint slow or failing. */
export type StandInFault = { delayMs: number } | { status: number; errno: number; retryAfter?: number };

export interface FxaStandInOptions {
  port?: number;
  host?: string;
  clients?: StandInClient[];
  /** Authorization codes live 15 minutes at Mozilla. */
  codeTtlSeconds?: number;
  accessTokenTtlSeconds?: number;
  /** Where `POST /__stand-in/account-events` sends events when the request names no `url`. */
  eventsUrl?: string;
  log?: (line: string) => void;
}

/** The account events a developer can send by hand (`pnpm fxa:event`). */
export const DEV_ACCOUNT_EVENTS = ['password-change', 'profile-change', 'delete-user'] as const;
export type DevAccountEvent = (typeof DEV_ACCOUNT_EVENTS)[number];

export interface DevAccountEventRequest {
  event: DevAccountEvent;
  /** The account, by its current email at the stand-in (its uid is derived from it). */
  email: string;
  /** profile-change: the account's new email, changed at the stand-in before the event goes out. */
  newEmail?: string;
  /** The audience; defaults to the only registered client. */
  clientId?: string;
  /** The relying party's events URL; defaults to `eventsUrl`. */
  url?: string;
}

export interface DevAccountEventResult {
  url: string;
  uid: string;
  aud: string;
  jti: string;
  events: Record<string, Record<string, unknown>>;
  /** The relying party's answer. */
  status: number;
  body: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parameter names only, never values (they are tokens). */
  params: string[];
  basicAuth: boolean;
  contentType: string | null;
}

export interface SecurityEventClaims {
  sub: string;
  aud: string;
  events: Record<string, Record<string, unknown>>;
  jti?: string;
  iat?: number;
  iss?: string;
  /** Mozilla sends none; tests add one to check a receiver neither needs nor ignores it. */
  exp?: number;
}

export interface FxaStandIn {
  url: string;
  issuer: string;
  discoveryUrl: string;
  store: StandInStore;
  requests: RecordedRequest[];
  registerClient(client: StandInClient): void;
  /** Creates (or finds) the account for an email, as the sign-in form does. */
  account(email: string, displayName?: string): StandInProfile;
  updateProfile(uid: string, changes: Partial<Omit<StandInProfile, 'uid'>>): StandInProfile;
  setFault(endpoint: StandInEndpoint, fault: StandInFault | null): void;
  /** A Security Event Token as Mozilla signs it; `foreignKey` signs with a key not in the JWKS. */
  signSecurityEvent(claims: SecurityEventClaims, options?: { foreignKey?: boolean }): Promise<string>;
  /** POSTs a signed account event to `url` the way Mozilla does: Bearer JWT, no body. */
  sendSecurityEvent(
    url: string,
    claims: SecurityEventClaims,
    options?: { foreignKey?: boolean },
  ): Promise<{ status: number; body: string }>;
  /** What `POST /__stand-in/account-events` does: an event about an account, signed and sent. */
  sendAccountEvent(request: DevAccountEventRequest): Promise<DevAccountEventResult>;
  stop(): Promise<void>;
}

const sha256Base64Url = (value: string) => createHash('sha256').update(value).digest('base64url');

function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

export async function startFxaStandIn(options: FxaStandInOptions = {}): Promise<FxaStandIn> {
  const store = new StandInStore();
  for (const client of options.clients ?? []) store.clients.set(client.clientId, client);
  const codeTtl = (options.codeTtlSeconds ?? 900) * 1000;
  const accessTtl = options.accessTokenTtlSeconds ?? 3600;
  const faults = new Map<StandInEndpoint, StandInFault>();
  const requests: RecordedRequest[] = [];
  const log = options.log ?? (() => {});

  const signing = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const kid = `stand-in-${Date.now().toString(36)}`;
  const publicJwk: JWK = { ...(await exportJWK(signing.publicKey)), kid, use: 'sig', alg: 'RS256' };

  let base = '';

  function authenticateClient(req: IncomingMessage, params: Record<string, string>): StandInClient {
    const header = req.headers.authorization;
    let clientId = params.client_id;
    let secret = params.client_secret;
    if (header?.startsWith('Basic ')) {
      if (params.client_secret !== undefined) {
        throw new FxaHttpError(400, 109, 'Invalid parameter in request body: client_secret and Basic auth');
      }
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const basicId = decodeURIComponent(decoded.slice(0, colon));
      if (clientId !== undefined && clientId !== basicId) {
        throw new FxaHttpError(400, 109, 'Invalid parameter in request body: client_id');
      }
      clientId = basicId;
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (!clientId) throw new FxaHttpError(400, 109, 'Missing parameter in request body: client_id');
    const client = store.clients.get(clientId);
    if (!client) throw new FxaHttpError(400, 101, 'Unknown client');
    if (client.clientSecret !== null) {
      if (!secret || !constantTimeEqual(secret, client.clientSecret)) {
        throw new FxaHttpError(400, 102, 'Incorrect secret');
      }
    }
    return client;
  }

  function checkRedirectUri(client: StandInClient, given: string | undefined): string {
    const redirectUri = given ?? client.redirectUris[0];
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      throw new FxaHttpError(400, 103, 'Incorrect redirect_uri');
    }
    return redirectUri;
  }

  function authorizationParams(query: URLSearchParams): Record<string, string> {
    const params: Record<string, string> = {};
    for (const name of [
      'client_id',
      'redirect_uri',
      'state',
      'scope',
      'response_type',
      'access_type',
      'code_challenge',
      'code_challenge_method',
      'action',
      'prompt',
      'acr_values',
    ]) {
      const value = query.get(name);
      if (value !== null) params[name] = value;
    }
    return params;
  }

  function validateAuthorization(params: Record<string, string>): {
    client: StandInClient;
    redirectUri: string;
  } {
    const client = params.client_id ? store.clients.get(params.client_id) : undefined;
    if (!client) throw new FxaHttpError(400, 101, 'Unknown client');
    const redirectUri = checkRedirectUri(client, params.redirect_uri);
    if (params.response_type !== 'code') throw new FxaHttpError(400, 109, 'Invalid parameter: response_type');
    if (!params.state) throw new FxaHttpError(400, 109, 'Missing parameter: state');
    if (params.code_challenge && params.code_challenge_method !== 'S256') {
      throw new FxaHttpError(400, 109, 'Invalid parameter: code_challenge_method');
    }
    return { client, redirectUri };
  }

  async function handleAuthorization(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method === 'GET') {
      const params = authorizationParams(url.searchParams);
      try {
        const { client } = validateAuthorization(params);
        const hint = url.searchParams.get('login_hint') ?? url.searchParams.get('email') ?? '';
        sendHtml(res, 200, signInPage(params, client.name ?? client.clientId, hint));
      } catch (error) {
        if (!(error instanceof FxaHttpError)) throw error;
        sendHtml(res, error.status, errorPage(error.errno, error.message));
      }
      return;
    }
    const form = await readParams(req);
    const params = authorizationParams(new URLSearchParams(form));
    let validated: { client: StandInClient; redirectUri: string };
    try {
      validated = validateAuthorization(params);
    } catch (error) {
      if (!(error instanceof FxaHttpError)) throw error;
      sendHtml(res, error.status, errorPage(error.errno, error.message));
      return;
    }
    const target = new URL(validated.redirectUri);
    target.searchParams.set('state', params.state!);
    if (form.decision !== 'allow') {
      target.searchParams.set('error', 'access_denied');
      redirect(res, target.toString());
      return;
    }
    const email = (form.email ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      sendHtml(res, 400, errorPage(109, 'Please enter an email address'));
      return;
    }
    const profile = store.signIn(email, form.displayName?.trim() || null);
    const code = store.issueCode({
      clientId: validated.client.clientId,
      uid: profile.uid,
      redirectUri: validated.redirectUri,
      scope: params.scope ?? 'profile',
      offline: params.access_type === 'offline',
      codeChallenge: params.code_challenge ?? null,
      expiresAt: Date.now() + codeTtl,
      authAt: Math.floor(Date.now() / 1000),
    });
    target.searchParams.set('code', code.code);
    redirect(res, target.toString());
  }

  async function idToken(uid: string, clientId: string, authAt: number): Promise<string> {
    return new SignJWT({ amr: ['pwd'], auth_time: authAt })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(base)
      .setSubject(uid)
      .setAudience(clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(signing.privateKey);
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse, params: Record<string, string>) {
    const client = authenticateClient(req, params);
    const grant = params.grant_type ?? 'authorization_code';
    if (grant === 'authorization_code') {
      if (client.clientSecret !== null && params.code_verifier !== undefined) {
        throw new FxaHttpError(400, 116, 'Not a public client');
      }
      const code = params.code ? store.codes.get(params.code) : undefined;
      // Like Mozilla, the refusals echo what was sent (`requestCode`): the hub must not log bodies.
      if (!code) throw new FxaHttpError(400, 105, 'Unknown code', { extra: { requestCode: params.code } });
      if (code.clientId !== client.clientId) {
        throw new FxaHttpError(400, 106, 'Incorrect code', { extra: { requestCode: code.code } });
      }
      store.codes.delete(code.code); // single use, whatever happens next
      if (code.expiresAt <= Date.now()) {
        throw new FxaHttpError(400, 107, 'Expired code', { extra: { requestCode: code.code } });
      }
      if (params.redirect_uri !== undefined && params.redirect_uri !== code.redirectUri) {
        throw new FxaHttpError(400, 103, 'Incorrect redirect_uri', {
          extra: { redirectUri: params.redirect_uri },
        });
      }
      if (client.clientSecret === null) {
        if (!params.code_verifier || !code.codeChallenge) {
          throw new FxaHttpError(400, 118, 'Public clients require PKCE OAuth parameters', {
            label: 'PKCE parameters missing',
          });
        }
        if (!constantTimeEqual(sha256Base64Url(params.code_verifier), code.codeChallenge)) {
          throw new FxaHttpError(400, 117, 'Incorrect code_challenge');
        }
      }
      const access = store.issueToken({
        kind: 'access',
        clientId: client.clientId,
        uid: code.uid,
        scope: code.scope,
        expiresAt: Date.now() + accessTtl * 1000,
      });
      const body: Record<string, unknown> = {
        access_token: access.token,
        token_type: 'bearer',
        scope: code.scope,
        expires_in: accessTtl,
        auth_at: code.authAt,
      };
      if (code.offline) {
        body.refresh_token = store.issueToken({
          kind: 'refresh',
          clientId: client.clientId,
          uid: code.uid,
          scope: code.scope,
          expiresAt: null,
        }).token;
      }
      if (code.scope.split(' ').includes('openid')) {
        body.id_token = await idToken(code.uid, client.clientId, code.authAt);
      }
      sendJson(res, 200, body);
      return;
    }
    if (grant === 'refresh_token') {
      const refresh = params.refresh_token ? store.tokens.get(params.refresh_token) : undefined;
      if (refresh?.kind !== 'refresh' || refresh.clientId !== client.clientId) {
        throw new FxaHttpError(400, 108, 'Invalid token');
      }
      // Mozilla does not rotate refresh tokens and drops `openid` on refresh.
      const scope = refresh.scope
        .split(' ')
        .filter((part) => part !== 'openid')
        .join(' ');
      const access = store.issueToken({
        kind: 'access',
        clientId: client.clientId,
        uid: refresh.uid,
        scope,
        expiresAt: Date.now() + accessTtl * 1000,
      });
      sendJson(res, 200, { access_token: access.token, token_type: 'bearer', scope, expires_in: accessTtl });
      return;
    }
    throw new FxaHttpError(400, 109, 'Invalid parameter in request body: grant_type');
  }

  function liveAccessToken(token: string | undefined) {
    const found = token ? store.tokens.get(token) : undefined;
    if (found?.kind !== 'access' || (found.expiresAt !== null && found.expiresAt <= Date.now())) {
      return null;
    }
    return found;
  }

  function handleVerify(res: ServerResponse, params: Record<string, string>) {
    const token = liveAccessToken(params.token);
    if (!token) throw new FxaHttpError(400, 108, 'Invalid token');
    sendJson(res, 200, { user: token.uid, client_id: token.clientId, scope: token.scope.split(' ') });
  }

  function handleDestroy(req: IncomingMessage, res: ServerResponse, params: Record<string, string>) {
    if (req.headers.authorization?.startsWith('Basic ') && params.client_secret !== undefined) {
      throw new FxaHttpError(400, 109, 'Invalid parameter in request body: client_secret and Basic auth');
    }
    const given = ['access_token', 'refresh_token', 'token'].filter((name) => params[name] !== undefined);
    if (given.length !== 1) {
      throw new FxaHttpError(400, 109, 'Invalid parameter in request body: exactly one token is required');
    }
    const field = given[0]!;
    const value = params[field]!;
    const found = store.tokens.get(value);
    const wanted = field === 'refresh_token' ? 'refresh' : 'access';
    if (!found || found.kind !== wanted) throw new FxaHttpError(400, 108, 'Invalid token');
    store.tokens.delete(value);
    sendJson(res, 200, {});
  }

  function handleProfile(req: IncomingMessage, res: ServerResponse) {
    const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
    const token = liveAccessToken(match?.[1]);
    if (!token) throw new FxaHttpError(401, 110, 'Unauthorized');
    const profile = store.profiles.get(token.uid);
    if (!profile) throw new FxaHttpError(401, 110, 'Unauthorized');
    sendJson(res, 200, { ...profile, sub: profile.uid });
  }

  async function applyFault(endpoint: StandInEndpoint, res: ServerResponse): Promise<boolean> {
    const fault = faults.get(endpoint);
    if (!fault) return false;
    if ('delayMs' in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return false;
    }
    sendFxaError(
      res,
      new FxaHttpError(fault.status, fault.errno, 'Service unavailable'),
      fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {},
    );
    return true;
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const post = method === 'POST';
    const params = post && path !== '/authorization' ? await readParams(req) : {};
    requests.push({
      method,
      path,
      params: Object.keys(params),
      basicAuth: Boolean(req.headers.authorization?.startsWith('Basic ')),
      contentType: req.headers['content-type']?.split(';')[0] ?? null,
    });
    log(`${method} ${path}`);
    const endpoint: StandInEndpoint | null =
      path === '/.well-known/openid-configuration'
        ? 'discovery'
        : path === '/v1/token'
          ? 'token'
          : path === '/v1/verify'
            ? 'verify'
            : path === '/v1/destroy'
              ? 'destroy'
              : path === '/v1/profile'
                ? 'profile'
                : path === '/v1/jwks'
                  ? 'jwks'
                  : null;
    if (endpoint && (await applyFault(endpoint, res))) return;

    if (method === 'GET' && endpoint === 'discovery') {
      sendJson(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/authorization`,
        token_endpoint: `${base}/v1/token`,
        introspection_endpoint: `${base}/v1/introspect`,
        revocation_endpoint: `${base}/v1/destroy`,
        userinfo_endpoint: `${base}/v1/profile`,
        jwks_uri: `${base}/v1/jwks`,
        response_types_supported: ['code', 'token'],
        scopes_supported: ['openid', 'profile', 'email'],
        code_challenge_methods_supported: ['S256'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (method === 'GET' && endpoint === 'jwks') {
      sendJson(res, 200, { keys: [publicJwk] });
    } else if (method === 'GET' && path === '/settings') {
      sendHtml(res, 200, settingsPage());
    } else if (path === '/authorization' && (method === 'GET' || post)) {
      await handleAuthorization(req, res, url);
    } else if (post && endpoint === 'token') {
      await handleToken(req, res, params);
    } else if (post && endpoint === 'verify') {
      handleVerify(res, params);
    } else if (post && endpoint === 'destroy') {
      handleDestroy(req, res, params);
    } else if (method === 'GET' && endpoint === 'profile') {
      handleProfile(req, res);
    } else if (post && path === '/__stand-in/account-events') {
      // Not Mozilla's: how `pnpm fxa:event` makes the running stand-in sign and send an event.
      // JSON only, so a web page cannot post here without a CORS preflight (which we never answer).
      if (!req.headers['content-type']?.includes('application/json')) {
        throw new FxaHttpError(415, 113, 'Content-Type must be application/json');
      }
      sendJson(res, 200, await sendAccountEvent(devEventRequest(params)));
    } else {
      throw new FxaHttpError(404, 998, 'Not found');
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof FxaHttpError) return sendFxaError(res, error);
      log(`stand-in error: ${String(error)}`);
      sendFxaError(res, new FxaHttpError(500, 999, 'Unspecified error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  base = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  async function signSecurityEvent(claims: SecurityEventClaims, signOptions: { foreignKey?: boolean } = {}) {
    const payload = {
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss ?? base,
      // Mozilla sends iat as a float.
      iat: claims.iat ?? Date.now() / 1000,
      jti: claims.jti ?? crypto.randomUUID(),
      events: claims.events,
      ...(claims.exp === undefined ? {} : { exp: claims.exp }),
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'secevent+jwt' })
      .sign(signOptions.foreignKey ? foreign.privateKey : signing.privateKey);
  }

  async function sendSecurityEvent(
    url: string,
    claims: SecurityEventClaims,
    sendOptions?: { foreignKey?: boolean },
  ) {
    const token = await signSecurityEvent(claims, sendOptions);
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.text() };
  }

  function devEventRequest(params: Record<string, string>): DevAccountEventRequest {
    const event = params.event as DevAccountEvent;
    if (!DEV_ACCOUNT_EVENTS.includes(event)) {
      throw new FxaHttpError(400, 109, `event must be one of ${DEV_ACCOUNT_EVENTS.join(', ')}`);
    }
    if (!params.email) throw new FxaHttpError(400, 109, 'Missing parameter: email');
    return {
      event,
      email: params.email,
      newEmail: params.newEmail,
      clientId: params.clientId,
      url: params.url,
    };
  }

  async function sendAccountEvent(request: DevAccountEventRequest): Promise<DevAccountEventResult> {
    const url = request.url ?? options.eventsUrl;
    if (!url) throw new FxaHttpError(400, 109, 'Missing parameter: url (no eventsUrl configured)');
    const clients = [...store.clients.keys()];
    const aud = request.clientId ?? (clients.length === 1 ? clients[0] : undefined);
    if (!aud || !store.clients.has(aud)) throw new FxaHttpError(400, 101, 'Unknown client');
    const profile = store.signIn(request.email, null);
    let data: Record<string, unknown> = {};
    if (request.event === 'password-change') data = { changeTime: Date.now() };
    if (request.event === 'profile-change') {
      if (request.newEmail)
        store.updateProfile(profile.uid, { email: request.newEmail.trim().toLowerCase() });
      data = { email: profile.email };
    }
    if (request.event === 'delete-user') {
      store.profiles.delete(profile.uid);
      store.uidsByEmail.delete(profile.email);
      for (const [token, issued] of store.tokens) if (issued.uid === profile.uid) store.tokens.delete(token);
    }
    const events = { [`${EVENT_PREFIX}${request.event}`]: data };
    const jti = crypto.randomUUID();
    let answer: { status: number; body: string };
    try {
      answer = await sendSecurityEvent(url, { sub: profile.uid, aud, jti, events });
    } catch (error) {
      throw new FxaHttpError(502, 999, `Could not deliver the event to ${url}: ${String(error)}`);
    }
    log(`sent ${request.event} for ${profile.uid} to ${url}: ${answer.status}`);
    return {
      url,
      uid: profile.uid,
      aud,
      jti,
      events,
      status: answer.status,
      body: answer.body.slice(0, 500),
    };
  }

  return {
    url: base,
    issuer: base,
    discoveryUrl: `${base}/.well-known/openid-configuration`,
    store,
    requests,
    registerClient(client) {
      store.clients.set(client.clientId, client);
    },
    account(email, displayName) {
      return store.signIn(email, displayName ?? null);
    },
    updateProfile(uid, changes) {
      return store.updateProfile(uid, changes);
    },
    setFault(endpoint, fault) {
      if (fault) faults.set(endpoint, fault);
      else faults.delete(endpoint);
    },
    signSecurityEvent,
    sendSecurityEvent,
    sendAccountEvent,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
