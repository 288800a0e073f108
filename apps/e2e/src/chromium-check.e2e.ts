import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumProblem, missingChromiumMessage } from './chromium.ts';

describe('the Chromium check before the browser tests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chromium-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the browser this run uses (the global setup let the run start)', () => {
    expect(chromiumProblem(CHROMIUM)).toBeNull();
  });

  it('names a missing binary, a broken one, and the two ways to fix it', () => {
    expect(chromiumProblem(join(dir, 'chromium'))).toBe(`no executable at ${join(dir, 'chromium')}`);
    const broken = join(dir, 'broken-chromium');
    writeFileSync(broken, '#!/bin/sh\necho "cannot open display" >&2\nexit 3\n');
    chmodSync(broken, 0o755);
    expect(chromiumProblem(broken)).toBe(`${broken} --version exited with 3: cannot open display`);

    const message = missingChromiumMessage(`no executable at /usr/bin/chromium`, false);
    expect(message).toContain('no executable at /usr/bin/chromium');
    expect(message).toContain('CHROMIUM_PATH unset');
    expect(message).toContain('apt-get install -y chromium');
    expect(message).toContain('CHROMIUM_PATH=/path/to/chromium pnpm test');
  });
});
