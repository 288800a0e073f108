import {
  ArcticFetchError,
  CodeChallengeMethod,
  generateCodeVerifier,
  OAuth2Client,
  OAuth2RequestError,
  type OAuth2Tokens,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
} from 'arctic';
import { z } from 'zod';
import type { HubConfig } from '../../config.ts';

/**
 * The hub's only way to Mozilla Accounts: endpoints from discovery, the code exchange and refresh
 * through Arctic's generic OAuth2Client, and our own fetch for verify, destroy and profile (which
 * Arctic does not cover). Every call is bounded by config.fxa.timeoutMs.
 */

export type MozillaFailure =
  /** Down, slow, or answering 5xx/429: worth trying again later. */
  | 'unavailable'
  /** Mozilla refused what we sent (expired or replayed code, invalid token, errno responses). */
  | 'rejected'
  /** Something that does not look like Mozilla's protocol. */
  | 'invalid-response';

export class MozillaAccountsError extends Error {
  override name = 'MozillaAccountsError';
  readonly failure: MozillaFailure;
  /** Mozilla's errno when it told us one (Arctic's code exchange does not pass it on). */
  readonly errno: number | null;
  readonly status: number | null;

  constructor(
    failure: MozillaFailure,
    message: string,
    details: { errno?: number | null; status?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.failure = failure;
    this.errno = details.errno ?? null;
    this.status = details.status ?? null;
  }

  /** Safe to log: no tokens, only what went wrong. */
  toLog(): Record<string, unknown> {
    return { failure: this.failure, errno: this.errno, status: this.status, message: this.message };
  }
}

export interface MozillaEndpoints {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  profileEndpoint: string;
  jwksUri: string;
  verifyEndpoint: string;
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

/** Turns a non-2xx answer into an error that keeps Mozilla's errno. */
async function failureFrom(response: Response, what: string): Promise<MozillaAccountsError> {
  let errno: number | null = null;
  try {
    const body = (await response.json()) as { errno?: unknown };
    if (typeof body.errno === 'number') errno = body.errno;
  } catch {}
  const failure = response.status >= 500 || response.status === 429 ? 'unavailable' : 'rejected';
  return new MozillaAccountsError(failure, `${what} failed with HTTP ${response.status}`, {
    errno,
    status: response.status,
  });
}

/** Verify and destroy live beside the token endpoint: …/v1/token -> …/v1/verify. */
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
    verifyEndpoint: beside(document.token_endpoint, 'verify'),
    destroyEndpoint: beside(document.token_endpoint, 'destroy'),
  };
  discoveries.set(config.fxa.discoveryUrl, { endpoints, fetchedAt: Date.now() });
  return endpoints;
}

export function callbackUrl(config: HubConfig): string {
  return `${config.publicUrl}/auth/callback`;
}

function oauthClient(config: HubConfig): OAuth2Client {
  return new OAuth2Client(config.fxa.clientId, config.fxa.clientSecret, callbackUrl(config));
}

/** A public client (no secret) proves possession with PKCE; Mozilla refuses PKCE from a confidential one. */
export function usesPkce(config: HubConfig): boolean {
  return config.fxa.clientSecret === null;
}

export function newCodeVerifier(): string {
  return generateCodeVerifier();
}

export const SCOPES = ['profile'];

export async function authorizationUrl(
  config: HubConfig,
  state: string,
  codeVerifier: string | null,
): Promise<URL> {
  const { authorizationEndpoint } = await discover(config);
  const client = oauthClient(config);
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

function withTimeout<T>(config: HubConfig, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MozillaAccountsError('unavailable', 'Mozilla accounts did not answer in time')),
      config.fxa.timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Arctic's errors, mapped to ours. Arctic drops Mozilla's errno, so only the HTTP story remains. */
function fromArctic(error: unknown, what: string): MozillaAccountsError {
  if (error instanceof MozillaAccountsError) return error;
  if (error instanceof OAuth2RequestError) {
    return new MozillaAccountsError('rejected', `${what} refused: ${error.code}`, { status: 400 });
  }
  if (error instanceof UnexpectedErrorResponseBodyError) {
    const errno = (error.data as { errno?: unknown } | null)?.errno;
    return new MozillaAccountsError('rejected', `${what} refused with HTTP ${error.status}`, {
      status: error.status,
      errno: typeof errno === 'number' ? errno : null,
    });
  }
  if (error instanceof UnexpectedResponseError) {
    const failure = error.status >= 500 || error.status === 429 ? 'unavailable' : 'invalid-response';
    return new MozillaAccountsError(failure, `${what} answered HTTP ${error.status}`, {
      status: error.status,
    });
  }
  if (error instanceof ArcticFetchError) {
    return new MozillaAccountsError('unavailable', `${what}: Mozilla accounts could not be reached`, {
      cause: error,
    });
  }
  return new MozillaAccountsError('invalid-response', `${what}: unexpected answer`, { cause: error });
}

function toTokens(tokens: OAuth2Tokens, previousRefreshToken: string | null): MozillaTokens {
  try {
    return {
      accessToken: tokens.accessToken(),
      refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : previousRefreshToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt().toISOString(),
    };
  } catch (error) {
    throw new MozillaAccountsError('invalid-response', 'token response is missing fields', { cause: error });
  }
}

export async function exchangeCode(
  config: HubConfig,
  code: string,
  codeVerifier: string | null,
): Promise<MozillaTokens> {
  const { tokenEndpoint } = await discover(config);
  try {
    const tokens = await withTimeout(
      config,
      oauthClient(config).validateAuthorizationCode(tokenEndpoint, code, codeVerifier),
    );
    return toTokens(tokens, null);
  } catch (error) {
    throw fromArctic(error, 'code exchange');
  }
}

export async function refreshTokens(config: HubConfig, refreshToken: string): Promise<MozillaTokens> {
  const { tokenEndpoint } = await discover(config);
  try {
    // Mozilla does not rotate refresh tokens: keep the one we have.
    const tokens = await withTimeout(
      config,
      oauthClient(config).refreshAccessToken(tokenEndpoint, refreshToken, SCOPES),
    );
    return toTokens(tokens, refreshToken);
  } catch (error) {
    throw fromArctic(error, 'token refresh');
  }
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
    headers.authorization = `Basic ${Buffer.from(`${config.fxa.clientId}:${config.fxa.clientSecret}`).toString('base64')}`;
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
