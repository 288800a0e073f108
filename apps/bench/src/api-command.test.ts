import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiStartCommand, parseNodeScript } from './api-command.ts';

describe('the API start command', () => {
  it("is apps/api's start script, heap flags included", () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const { flags, entry } = apiStartCommand(root);
    expect(entry).toBe('apps/api/src/server.ts');
    expect(flags.some((flag) => flag.startsWith('--max-semi-space-size='))).toBe(true);
  });

  it('refuses a script it cannot run the same way', () => {
    expect(parseNodeScript('node --a=1 --b src/server.ts')).toEqual({
      flags: ['--a=1', '--b'],
      entry: 'src/server.ts',
    });
    for (const script of ['', 'tsx src/server.ts', 'node --a=1', 'node -r x src/server.ts']) {
      expect(() => parseNodeScript(script), script).toThrow(/expected "node/);
    }
  });
});
