import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { AppEnv } from './types.ts';

/**
 * Serves the built dashboard. The build (apps/dashboard/scripts/precompress.ts) leaves `.br` and
 * `.gz` copies next to each text file; the browser gets the best one it accepts, so nothing is
 * compressed per request. Hashed files under /assets never change and are cached for a year;
 * everything else (index.html above all) is revalidated on each use through its ETag, so a new
 * release is picked up at once. Any other GET gets an app shell (the route's own when the build
 * wrote one, else index.html): the client routes it.
 */
export function dashboardFiles(dir: string) {
  const root = resolve(dir);
  const index = join(root, 'index.html');

  return async (c: Context<AppEnv>) => {
    const asset = c.req.path.startsWith('/assets/');
    const path = requestedFile(root, c.req.path);
    const found = path ? await fileAt(path) : null;
    if (found) return send(c, path!, found, asset);
    // A missing chunk is an old release's: HTML in its place would only fail as a script.
    if (asset) return c.notFound();
    // The build writes its own shell for the routes people land on, with their page preloaded.
    const routeShell = path && join(path, 'index.html');
    const routeFound = routeShell ? await fileAt(routeShell) : null;
    if (routeFound) return send(c, routeShell!, routeFound, false);
    const shell = await fileAt(index);
    return shell ? send(c, index, shell, false) : c.notFound();
  };
}

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

interface Found {
  size: number;
  mtimeMs: number;
}

async function fileAt(path: string): Promise<Found | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? { size: stats.size, mtimeMs: stats.mtimeMs } : null;
  } catch {
    return null;
  }
}

/**
 * The file a URL path names inside root, or null: `..`, dot-files (the build manifest under
 * .vite/), backslashes, NUL bytes and bad percent-encoding never reach the file system.
 */
export function requestedFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/') return join(root, 'index.html');
  if (/[\\\0]|\/\/|(?:^|\/)\./.test(decoded)) return null;
  const path = resolve(root, `.${decoded}`);
  return path.startsWith(root + sep) ? path : null;
}

/** The encodings the request accepts with a q above zero, `br` first: it is the smallest. */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: Encoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return (['br', 'gzip'] as const).filter(ok);
}

async function send(c: Context<AppEnv>, path: string, file: Found, immutable: boolean) {
  const type = getMimeType(path) ?? 'application/octet-stream';
  // Which encodings exist for this file; a response varies with Accept-Encoding only when any do.
  const variants = new Map<Encoding, Found>();
  for (const encoding of ['br', 'gzip'] as const) {
    const variant = await fileAt(path + SUFFIX[encoding]);
    if (variant) variants.set(encoding, variant);
  }
  const encoding = acceptedEncodings(c.req.header('accept-encoding')).find((name) => variants.has(name));
  const chosen = encoding ? variants.get(encoding)! : file;
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    // Each encoding is its own representation, so its own tag.
    etag: `"${file.size.toString(36)}-${Math.trunc(file.mtimeMs).toString(36)}${encoding ? `-${encoding}` : ''}"`,
  };
  if (variants.size) headers.vary = 'Accept-Encoding';
  if (encoding) headers['content-encoding'] = encoding;

  if (matches(c.req.header('if-none-match'), headers.etag!)) {
    delete headers['content-type'];
    return c.body(null, 304, headers);
  }
  headers['content-length'] = String(chosen.size);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  const body = await readFile(encoding ? path + SUFFIX[encoding] : path);
  // The file changed between stat and read (a build over a running server): its own length.
  headers['content-length'] = String(body.length);
  return c.body(new Uint8Array(body.buffer, body.byteOffset, body.length), 200, headers);
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
