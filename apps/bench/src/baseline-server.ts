// The baselines the hub is measured against, in a process of their own: a raw Hono JSON route,
// and raw Hono + pg issuing the same SQL as the hub's session check. Beside them, a client app's
// own server checking access tokens offline with @accounts/client (the hub's keys from its JWKS).
import { createHash } from 'node:crypto';
import { verifyAccessToken } from '@accounts/client';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import pg from 'pg';

const [databaseUrl, port, hubUrl] = [process.argv[2]!, Number(process.argv[3]), process.argv[4]!];
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const app = new Hono();

app.get('/json', (c) => c.json({ result: { data: { json: 'pong' } } }));

app.get('/me', async (c) => {
  const token = getCookie(c, 'accounts_session');
  if (!token) return c.json({ error: 'unauthenticated' }, 401);
  const hash = createHash('sha256').update(token).digest();
  const { rows } = await pool.query(
    `select s.id as session_id, s.expires_at, s.absolute_expires_at, s.last_seen_at, u.*
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1`,
    [hash],
  );
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
});

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
