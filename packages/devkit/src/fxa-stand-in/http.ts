import type { IncomingMessage, ServerResponse } from 'node:http';

/** Mozilla Accounts' error shape: `{code, errno, error, message}`. */
export class FxaHttpError extends Error {
  readonly status: number;
  readonly errno: number;
  /** Mozilla's `error` when it is not the status's reason phrase ("Invalid scopes", ...). */
  readonly label: string | undefined;
  /** Fields Mozilla adds to some errors, request values included (errno 105 echoes `requestCode`). */
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    errno: number,
    message: string,
    options: { label?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = status;
    this.errno = errno;
    this.label = options.label;
    this.extra = options.extra ?? {};
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendFxaError(res: ServerResponse, error: FxaHttpError, headers: Record<string, string> = {}) {
  sendJson(
    res,
    error.status,
    {
      code: error.status,
      errno: error.errno,
      error: error.label ?? REASONS[error.status] ?? 'Error',
      message: error.message,
      ...error.extra,
    },
    headers,
  );
}

export function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

const MAX_BODY = 64 * 1024;

/** Form or JSON bodies, as Mozilla accepts both. */
export async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new FxaHttpError(400, 109, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new FxaHttpError(400, 109, 'Invalid JSON body');
    }
    if (!parsed || typeof parsed !== 'object') throw new FxaHttpError(400, 109, 'Invalid JSON body');
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>)
        .filter(([, value]) => typeof value === 'string')
        .map(([key, value]) => [key, value as string]),
    );
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
