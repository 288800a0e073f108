import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The settings the dev scripts run with: `.env.example`, then `.env` on top, then the shell on
 * top of both. A checkout's first run writes its own random ENCRYPTION_KEY into `.env`, so no two
 * checkouts share one and no key is ever published in the repository.
 *
 * Returns whether a key was generated (the caller says so once, so people know where it went).
 */
export function loadDevEnv(root: string): { generatedKey: boolean } {
  const shell = { ...process.env };
  const localPath = join(root, '.env');
  // Not process.loadEnvFile: it never overrides a variable already set, so .env could not win.
  Object.assign(process.env, readEnvFile(join(root, '.env.example')), readEnvFile(localPath), shell);
  if (process.env.ENCRYPTION_KEY) return { generatedKey: false };

  const key = `dev:${randomBytes(32).toString('base64')}`;
  const local = existsSync(localPath) ? readFileSync(localPath, 'utf8') : '';
  // Keep what is there; a file without a final newline must not glue the key onto its last line.
  const separator = local === '' || local.endsWith('\n') ? '' : '\n';
  appendFileSync(
    localPath,
    `${separator}# Written by the first \`pnpm dev\` of this checkout: seals secrets in the dev database.\n` +
      `# Keep it while you keep that database; production has its own (docs/deploy.md).\n` +
      `ENCRYPTION_KEY=${key}\n`,
    { mode: 0o600 },
  );
  process.env.ENCRYPTION_KEY = readEnvFile(localPath).ENCRYPTION_KEY;
  return { generatedKey: true };
}

function readEnvFile(path: string): Record<string, string | undefined> {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}
