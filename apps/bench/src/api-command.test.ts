import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiCommand, parseNodeScript } from './api-command.ts';

describe('the API start command', () => {
  it("is apps/api's start and worker scripts: the built files, heap flags included", () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const start = apiCommand(root, 'start');
    expect(start.entry).toBe('apps/api/dist/server.js');
    expect(start.flags.some((flag) => flag.startsWith('--max-semi-space-size='))).toBe(true);
    expect(apiCommand(root, 'worker')).toEqual({ flags: start.flags, entry: 'apps/api/dist/worker.js' });
  });

  it('refuses a script it cannot run the same way', () => {
    expect(parseNodeScript('node --a=1 --b src/server.ts')).toEqual({
      flags: ['--a=1', '--b'],
      entry: 'src/server.ts',
    });
    expect(parseNodeScript('exec node --a=1 src/server.ts')).toEqual({
      flags: ['--a=1'],
      entry: 'src/server.ts',
    });
    for (const script of [
      '',
      'tsx src/server.ts',
      'node --a=1',
      'node -r x src/server.ts',
      'exec tsx a.ts',
    ]) {
      expect(() => parseNodeScript(script), script).toThrow(/expected "\[exec\] node/);
    }
  });
});
