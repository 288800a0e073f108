// The baselines the hub is measured against, in a process of their own: a raw Hono JSON route,
// raw Hono + pg issuing the same SQL as the hub's session check, and raw Hono + pg + jose doing
// what an online token check does. Beside them, a client app's own server checking access tokens
// offline with @accounts/client (the hub's keys from its JWKS).
import { createHash } from 'node:crypto';
import { verifyAccessToken } from '@accounts/client';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import pg from 'pg';

const [databaseUrl, port, hubUrl] = [process.argv[2]!, Number(process.argv[3]), process.argv[4]!];
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const app = new Hono();

app.get('/json', (c) => c.json({ result: { data: { json: 'pong' } } }));

/** A query as pg runs it by default (unnamed) or as a named prepared statement. */
const statement = (prepared: boolean, name: string, text: string, values: unknown[]) =>
  prepared ? { name, text, values } : { text, values };

const ME_SQL = `select s.id as session_id, s.expires_at, s.absolute_expires_at, s.last_seen_at, u.*
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1`;

/**
 * `/me` runs its statement as pg does by default (unnamed: parsed and planned on every call);
 * `/me-prepared` as a named prepared statement, as the hub's session check does (decision 0065),
 * so the hub's request path can also be compared with the database work made equal.
 */
const meRoute = (prepared: boolean) => async (c: Context) => {
  const token = getCookie(c, 'accounts_session');
  if (!token) return c.json({ error: 'unauthenticated' }, 401);
  const hash = createHash('sha256').update(token).digest();
  const { rows } = await pool.query(statement(prepared, 'baseline_me', ME_SQL, [hash]));
  const row = rows[0];
  if (!row || row.expires_at <= new Date() || !row.is_active)
    return c.json({ error: 'unauthenticated' }, 401);
  return c.json({
    result: {
      data: {
        json: {
          id: row.id,
          email: row.email,
          username: row.username,
          displayName: row.display_name,
          avatarUrl: row.avatar_url,
          language: row.language,
          timezone: row.timezone,
          isStaff: row.is_staff || row.is_superuser,
        },
      },
    },
  });
};
app.get('/me', meRoute(false));
app.get('/me-prepared', meRoute(true));

/**
 * The fair baseline of `clientAuth.verify`: the same work without the hub around it. The
 * environment token looked up by its SHA-256 with its client (the hub's statement), the ES256
 * access token checked with jose against the hub's published keys (its result remembered per token
 * until it expires, as the hub does), and the hub session behind it read by (sid, sub) (the hub's
 * statement): two round trips, as the hub made before decision 0064.
 */
const hubKeys = createRemoteJWKSet(new URL(`${hubUrl}/.well-known/jwks.json`));
const verified = new Map<string, JWTPayload>();
const ENVIRONMENT_SQL = `select e.id as "id", e.environment as "environment", e.redirect_url as "redirectUrl", c.id as "clientId", c.name as "clientName", c.is_first_party as "clientIsFirstParty"
       from client_environments e join clients c on c.id = e.client_id
      where (e.auth_token = $1 or (e.previous_auth_token = $2 and e.previous_token_expires_at > $3)) and e.is_active and c.is_active limit 1`;
const SESSION_SQL = `select s.expires_at as "expiresAt", s.absolute_expires_at as "absoluteExpiresAt", u.is_active as "userIsActive"
       from sessions s join users u on u.id = s.user_id where s.id = $1 and s.user_id = $2`;
/** `/client-auth/verify` unnamed statements (pg's default), `/client-auth/verify-prepared` named ones. */
const verifyRoute = (prepared: boolean) => async (c: Context) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (!token?.startsWith('acc_env_') || token.length > 128) return c.json({ error: 'unauthenticated' }, 401);
  const accessToken = ((await c.req.json()) as { json?: { accessToken?: unknown } }).json?.accessToken;
  if (typeof accessToken !== 'string') return c.json({ error: 'bad request' }, 400);
  const hash = createHash('sha256').update(token).digest();
  const { rows: environments } = await pool.query(
    statement(prepared, 'baseline_environment', ENVIRONMENT_SQL, [hash, hash, new Date()]),
  );
  const environment = environments[0];
  if (!environment) return c.json({ error: 'unauthenticated' }, 401);
  let claims = verified.get(accessToken);
  if (!claims || Math.floor(Date.now() / 1000) >= (claims.exp ?? 0)) {
    try {
      ({ payload: claims } = await jwtVerify(accessToken, hubKeys, {
        issuer: hubUrl,
        algorithms: ['ES256'],
        requiredClaims: ['sub', 'aud', 'exp', 'jti'],
      }));
      verified.set(accessToken, claims);
    } catch {
      return c.json({ result: { data: { json: { active: false, reason: 'invalid', claims: null } } } });
    }
  }
  if (claims.aud !== environment.id || claims.client_id !== environment.clientId) {
    return c.json({
      result: { data: { json: { active: false, reason: 'wrong-environment', claims: null } } },
    });
  }
  const { rows: sessions } = await pool.query(
    statement(prepared, 'baseline_session', SESSION_SQL, [claims.sid, claims.sub]),
  );
  const session = sessions[0];
  const now = new Date();
  if (!session || session.expiresAt <= now || session.absoluteExpiresAt <= now || !session.userIsActive) {
    return c.json({ result: { data: { json: { active: false, reason: 'session-ended', claims: null } } } });
  }
  const { sub, aud, client_id, sid, email, email_verified, iat, exp, jti } = claims;
  return c.json({
    result: {
      data: {
        json: {
          active: true,
          reason: null,
          claims: { sub, aud, client_id, sid, email, email_verified: email_verified === true, iat, exp, jti },
        },
      },
    },
  });
};
app.post('/client-auth/verify', verifyRoute(false));
app.post('/client-auth/verify-prepared', verifyRoute(true));

// `?aud=` names the environment, which the scenario registers after this process started.
app.post('/client-app/verify', async (c) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const audience = c.req.query('aud');
  if (!token || !audience) return c.json({ active: false }, 401);
  try {
    const claims = await verifyAccessToken(token, { hubUrl, audience });
    return c.json({ active: true, sub: claims.sub });
  } catch {
    return c.json({ active: false }, 401);
  }
});

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log('baseline ready'));
process.on('SIGTERM', () => void pool.end().finally(() => process.exit(0)));
