import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDevEnv } from './dev-env.ts';

describe('loadDevEnv', () => {
  let root: string;
  const saved = { ...process.env };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dev-env-'));
    writeFileSync(join(root, '.env.example'), 'PORT=3000\nLOG_LEVEL=info\n');
    for (const name of [
      'ENCRYPTION_KEY',
      'PORT',
      'LOG_LEVEL',
      'DATABASE_URL',
      'DEV_POSTGRES_PORT',
      'API_PORT',
    ]) {
      delete process.env[name];
    }
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(root, { recursive: true, force: true });
  });

  it('writes a fresh 32-byte key into .env on the first run and reuses it afterwards', () => {
    expect(loadDevEnv(root).generatedKey).toBe(true);
    const first = process.env.ENCRYPTION_KEY!;
    expect(first).toMatch(/^dev:/);
    expect(Buffer.from(first.slice(4), 'base64')).toHaveLength(32);
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);

    delete process.env.ENCRYPTION_KEY;
    expect(loadDevEnv(root).generatedKey).toBe(false);
    expect(process.env.ENCRYPTION_KEY).toBe(first);
  });

  it('gives two checkouts different keys', () => {
    loadDevEnv(root);
    const first = process.env.ENCRYPTION_KEY;
    const other = mkdtempSync(join(tmpdir(), 'dev-env-'));
    writeFileSync(join(other, '.env.example'), '');
    delete process.env.ENCRYPTION_KEY;
    loadDevEnv(other);
    expect(process.env.ENCRYPTION_KEY).not.toBe(first);
    rmSync(other, { recursive: true, force: true });
  });

  it('keeps an existing .env intact (even without a final newline) and adds the key below it', () => {
    writeFileSync(join(root, '.env'), 'PORT=4000');
    loadDevEnv(root);
    const lines = readFileSync(join(root, '.env'), 'utf8').split('\n');
    expect(lines[0]).toBe('PORT=4000');
    expect(lines.filter((line) => line.startsWith('ENCRYPTION_KEY='))).toHaveLength(1);
    expect(process.env.PORT).toBe('4000');
    expect(process.env.LOG_LEVEL).toBe('info');
  });

  it('lets the shell win over both files and generates nothing when the shell has a key', () => {
    process.env.PORT = '5000';
    process.env.ENCRYPTION_KEY = 'from-shell';
    writeFileSync(join(root, '.env'), 'PORT=4000\nENCRYPTION_KEY=from-file\n');
    expect(loadDevEnv(root).generatedKey).toBe(false);
    expect(process.env.PORT).toBe('5000');
    expect(process.env.ENCRYPTION_KEY).toBe('from-shell');
  });

  it('writes no key when asked not to (tasks started side by side leave it to one writer)', () => {
    expect(loadDevEnv(root, { writeKey: false }).generatedKey).toBe(false);
    expect(process.env.ENCRYPTION_KEY).toBeUndefined();
    expect(existsSync(join(root, '.env'))).toBe(false);
  });

  it('points DATABASE_URL at the embedded dev server when it is unset', () => {
    writeFileSync(join(root, '.env'), 'DEV_POSTGRES_PORT=54400\n');
    const { embeddedPostgres } = loadDevEnv(root, { writeKey: false });
    expect(process.env.DATABASE_URL).toBe('postgres://postgres:postgres@127.0.0.1:54400/accounts_dev');
    expect(embeddedPostgres).toMatchObject({
      port: 54400,
      url: 'postgres://postgres:postgres@127.0.0.1:54400/postgres',
    });
    // One folder per checkout, outside it (the server runs as the postgres user when we are root).
    expect(embeddedPostgres?.dataDir).not.toContain(root);
    expect(embeddedPostgres?.readyFile).toBe(
      join(embeddedPostgres!.dataDir, '..', 'dev-postgres.ready.json'),
    );
  });

  it('leaves a DATABASE_URL from .env or the shell alone and starts no embedded server', () => {
    writeFileSync(join(root, '.env'), 'DATABASE_URL=postgres://from-file@127.0.0.1/a\n');
    expect(loadDevEnv(root, { writeKey: false }).embeddedPostgres).toBeNull();
    expect(process.env.DATABASE_URL).toBe('postgres://from-file@127.0.0.1/a');
    process.env.DATABASE_URL = 'postgres://from-shell@127.0.0.1/b';
    expect(loadDevEnv(root, { writeKey: false }).embeddedPostgres).toBeNull();
    expect(process.env.DATABASE_URL).toBe('postgres://from-shell@127.0.0.1/b');
  });

  it("gives the dashboard's proxy and the Paddle stand-in the API's PORT as API_PORT", () => {
    process.env.PORT = '3999';
    loadDevEnv(root, { writeKey: false });
    expect(process.env.API_PORT).toBe('3999');
  });
});
