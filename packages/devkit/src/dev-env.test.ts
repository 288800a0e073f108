import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    delete process.env.ENCRYPTION_KEY;
    delete process.env.PORT;
    delete process.env.LOG_LEVEL;
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(root, { recursive: true, force: true });
  });

  it('writes a fresh 32-byte key into .env on the first run and reuses it afterwards', () => {
    expect(loadDevEnv(root)).toEqual({ generatedKey: true });
    const first = process.env.ENCRYPTION_KEY!;
    expect(first).toMatch(/^dev:/);
    expect(Buffer.from(first.slice(4), 'base64')).toHaveLength(32);
    expect(statSync(join(root, '.env')).mode & 0o777).toBe(0o600);

    delete process.env.ENCRYPTION_KEY;
    expect(loadDevEnv(root)).toEqual({ generatedKey: false });
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
    expect(loadDevEnv(root)).toEqual({ generatedKey: false });
    expect(process.env.PORT).toBe('5000');
    expect(process.env.ENCRYPTION_KEY).toBe('from-shell');
  });
});
