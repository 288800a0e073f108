import { z } from 'zod';
import type { HubConfig } from '../../kernel/config.ts';
import { randomToken } from '../../kernel/crypto/tokens.ts';

/**
 * The hub's only way to Mozilla Accounts: endpoints from discovery, the authorization URL (state,
 * PKCE) through Arctic's generic OAuth2Client, and our own fetch for everything sent to Mozilla —
 * the token endpoint (code exchange, refresh), destroy and profile. Arctic's token requests throw
 * away Mozilla's error body, and with it the errno that says why (replayed code 105, expired 107,
 * bad secret 102, ...); ours keep it. Every call is bounded by config.fxa.timeoutMs.
 */

export type MozillaFailure =
  /** Down, slow, or answering 5xx/429: worth trying again later. */
  | 'unavailable'
  /** Mozilla refused what we sent (expired or replayed code, invalid token, errno responses). */
  | 'rejected'
  /** Something that does not look like Mozilla's protocol. */
  | 'invalid-response';

/** What Mozilla's error body `{code, errno, error, message}` tells us, minus anything sensitive. */
export interface MozillaErrorBody {
  errno: number | null;
  /** Mozilla's `code` (the HTTP status it meant). */
  code: number | null;
  /** Mozilla's `error` ("Bad Request", "Invalid scopes", ...), or an OAuth error code. */
  error: string | null;
}

export class MozillaAccountsError extends Error {
  override name = 'MozillaAccountsError';
  readonly failure: MozillaFailure;
  /** Mozilla's errno when it told us one. */
  readonly errno: number | null;
  readonly code: number | null;
  readonly error: string | null;
  readonly status: number | null;

  constructor(
    failure: MozillaFailure,
    message: string,
    details: Partial<MozillaErrorBody> & { status?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.failure = failure;
    this.errno = details.errno ?? null;
    this.code = details.code ?? null;
    this.error = details.error ?? null;
    this.status = details.status ?? null;
  }

  /**
   * Safe to log: what went wrong, never what we sent. Mozilla's `message` and the rest of its body
   * stay out: its errors echo request values (errno 105 carries the code as `requestCode`).
   */
  toLog(): Record<string, unknown> {
    return {
      failure: this.failure,
      errno: this.errno,
      code: this.code,
      error: this.error,
      status: this.status,
      message: this.message,
    };
  }
}

export interface MozillaEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  profileEndpoint: string;
  jwksUri: string;
  destroyEndpoint: string;
}

const discoverySchema = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  userinfo_endpoint: z.url(),
  jwks_uri: z.url(),
});

const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const discoveries = new Map<string, { endpoints: MozillaEndpoints; fetchedAt: number }>();

async function timedFetch(config: HubConfig, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(config.fxa.timeoutMs) });
  } catch (error) {
    throw new MozillaAccountsError(
      'unavailable',
      `Mozilla accounts did not answer (${new URL(url).pathname})`,
      {
        cause: error,
      },
    );
  }
}

/** Reads only errno, code and error out of an error body; null when it is not a JSON object. */
export function parseMozillaError(text: string): MozillaErrorBody | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { errno, code, error } = body as Record<string, unknown>;
  return {
    errno: typeof errno === 'number' && Number.isInteger(errno) ? errno : null,
    code: typeof code === 'number' && Number.isInteger(code) ? code : null,
    error: typeof error === 'string' ? error.slice(0, 64) : null,
  };
}

const isOutage = (status: number) => status >= 500 || status === 429;

/** Turns a non-2xx answer into an error that keeps Mozilla's errno. */
async function failureFrom(response: Response, what: string): Promise<MozillaAccountsError> {
  const body = parseMozillaError(await response.text().catch(() => ''));
  const failure = isOutage(response.status) ? 'unavailable' : 'rejected';
  const errno = body?.errno ? ` (errno ${body.errno})` : '';
  return new MozillaAccountsError(failure, `${what} failed with HTTP ${response.status}${errno}`, {
    ...body,
    status: response.status,
  });
}

/** HTTP Basic as Arctic encodes it (and Mozilla decodes it): base64 of `client_id:secret`. */
function basicCredentials(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`, 'utf8').toString('base64')}`;
}

/** Destroy (and verify, which the hub has no use for) live beside the token endpoint: …/v1/token -> …/v1/destroy. */
function beside(tokenEndpoint: string, name: string): string {
  const url = new URL(tokenEndpoint);
  url.pathname = url.pathname.replace(/[^/]*$/, name);
  return url.toString();
}

export async function discover(config: HubConfig): Promise<MozillaEndpoints> {
  const cached = discoveries.get(config.fxa.discoveryUrl);
  if (cached && Date.now() - cached.fetchedAt < DISCOVERY_TTL_MS) return cached.endpoints;
  const response = await timedFetch(config, config.fxa.discoveryUrl, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok) throw await failureFrom(response, 'discovery');
  const parsed = discoverySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new MozillaAccountsError('invalid-response', 'discovery document is not valid');
  const document = parsed.data;
  const endpoints: MozillaEndpoints = {
    issuer: document.issuer,
    authorizationEndpoint: document.authorization_endpoint,
    tokenEndpoint: document.token_endpoint,
    profileEndpoint: document.userinfo_endpoint,
    jwksUri: document.jwks_uri,
    destroyEndpoint: beside(document.token_endpoint, 'destroy'),
  };
  discoveries.set(config.fxa.discoveryUrl, { endpoints, fetchedAt: Date.now() });
  return endpoints;
}

export function callbackUrl(config: HubConfig): string {
  return `${config.publicUrl}/auth/callback`;
}

/**
 * Arctic is imported on the first redirect to Mozilla, alongside the first discovery, not at
 * start-up: a hub signing in with passwords never needs it (decision 0066).
 */
const arctic = () => import('arctic');

/** A public client (no secret) proves possession with PKCE; Mozilla refuses PKCE from a confidential one. */
export function usesPkce(config: HubConfig): boolean {
  return config.fxa.clientSecret === null;
}

/**
 * The `state` that ties Mozilla's redirect back to this browser's pending sign-in: 32 random
 * bytes in base64url, as Arctic's generateState makes them.
 */
export function newState(): string {
  return randomToken(32);
}

/** A PKCE code verifier: 32 random bytes in base64url (43 characters), as Arctic's generateCodeVerifier. */
export function newCodeVerifier(): string {
  return randomToken(32);
}

export const SCOPES = ['profile'];

export async function authorizationUrl(
  config: HubConfig,
  state: string,
  codeVerifier: string | null,
): Promise<URL> {
  const [{ authorizationEndpoint }, { CodeChallengeMethod, OAuth2Client }] = await Promise.all([
    discover(config),
    arctic(),
  ]);
  const client = new OAuth2Client(config.fxa.clientId, config.fxa.clientSecret, callbackUrl(config));
  const url = codeVerifier
    ? client.createAuthorizationURLWithPKCE(
        authorizationEndpoint,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        SCOPES,
      )
    : client.createAuthorizationURL(authorizationEndpoint, state, SCOPES);
  // The only way to get a refresh token from Mozilla.
  url.searchParams.set('access_type', 'offline');
  return url;
}

export interface MozillaTokens {
  accessToken: string;
  refreshToken: string | null;
  accessTokenExpiresAt: string;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().optional(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).optional(),
});

/**
 * One POST to the token endpoint, sent as Arctic sent it: a form body, and client auth by HTTP
 * Basic for a confidential client or `client_id` in the body for a public one — never a secret
 * in the body, never both (Mozilla refuses that with errno 109). The timeout covers the answer's
 * body too. Mozilla's error body is read for its errno; the outcome maps to the same failures as
 * before (400/401 with a JSON body: rejected; 5xx/429: unavailable; anything else: invalid).
 */
async function tokenRequest(
  config: HubConfig,
  what: string,
  params: Record<string, string>,
): Promise<z.infer<typeof tokenResponseSchema>> {
  const { tokenEndpoint } = await discover(config);
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if (config.fxa.clientSecret !== null) {
    headers.authorization = basicCredentials(config.fxa.clientId, config.fxa.clientSecret);
  } else {
    body.set('client_id', config.fxa.clientId);
  }
  let status: number;
  let text: string;
  try {
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(config.fxa.timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new MozillaAccountsError(
      'unavailable',
      timedOut
        ? `${what}: Mozilla accounts did not answer in time`
        : `${what}: Mozilla accounts could not be reached`,
      { cause: error },
    );
  }
  if (status === 200) {
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success)
      throw new MozillaAccountsError('invalid-response', `${what}: token response is not valid`);
    return parsed.data;
  }
  const error = parseMozillaError(text);
  const failure: MozillaFailure = isOutage(status)
    ? 'unavailable'
    : (status === 400 || status === 401) && error
      ? 'rejected'
      : 'invalid-response';
  const errno = error?.errno ? ` (errno ${error.errno})` : '';
  throw new MozillaAccountsError(failure, `${what} refused with HTTP ${status}${errno}`, {
    ...error,
    status,
  });
}

function toTokens(
  response: z.infer<typeof tokenResponseSchema>,
  previousRefreshToken: string | null,
): MozillaTokens {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previousRefreshToken,
    accessTokenExpiresAt: new Date(Date.now() + response.expires_in * 1000).toISOString(),
  };
}

export async function exchangeCode(
  config: HubConfig,
  code: string,
  codeVerifier: string | null,
): Promise<MozillaTokens> {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: callbackUrl(config),
  };
  if (codeVerifier !== null) params.code_verifier = codeVerifier;
  return toTokens(await tokenRequest(config, 'code exchange', params), null);
}

export async function refreshTokens(config: HubConfig, refreshToken: string): Promise<MozillaTokens> {
  const response = await tokenRequest(config, 'token refresh', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope: SCOPES.join(' '),
  });
  // Mozilla does not rotate refresh tokens: keep the one we have.
  return toTokens(response, refreshToken);
}

const profileSchema = z.object({
  uid: z.string().min(1).max(255),
  email: z.string().min(3).max(255).nullish(),
  locale: z.string().nullish(),
  displayName: z.string().max(255).nullish(),
  avatar: z.string().max(2048).nullish(),
  avatarDefault: z.boolean().nullish(),
});
export type MozillaProfile = z.infer<typeof profileSchema>;

export async function fetchProfile(config: HubConfig, accessToken: string): Promise<MozillaProfile> {
  const { profileEndpoint } = await discover(config);
  const response = await timedFetch(config, profileEndpoint, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
  });
  if (!response.ok) throw await failureFrom(response, 'profile');
  const parsed = profileSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new MozillaAccountsError('invalid-response', 'profile is not valid');
  return parsed.data;
}

/** Revokes one token; `refresh_token=` is the only way to revoke a refresh token at Mozilla. */
export async function destroyToken(
  config: HubConfig,
  token: { accessToken: string } | { refreshToken: string },
): Promise<void> {
  const { destroyEndpoint } = await discover(config);
  const body: Record<string, string> =
    'accessToken' in token ? { access_token: token.accessToken } : { refresh_token: token.refreshToken };
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.fxa.clientSecret) {
    headers.authorization = basicCredentials(config.fxa.clientId, config.fxa.clientSecret);
  } else {
    body.client_id = config.fxa.clientId;
  }
  const response = await timedFetch(config, destroyEndpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  // 400 errno 108: already invalid, which is what we wanted.
  if (!response.ok) {
    const failure = await failureFrom(response, 'destroy');
    if (failure.errno !== 108) throw failure;
  }
}
