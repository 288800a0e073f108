import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const module = fileURLToPath(new URL('./process-priority.ts', import.meta.url));

describe.runIf(process.platform === 'linux')('lowerProcessPriority', () => {
  it("lowers every thread of the process, not only the one that asked (V8's helper threads too)", async () => {
    // A separate process, so the test runner keeps its own priority; it reports its threads' nice
    // values after a garbage collection and a thread-pool task, which start helper threads.
    const script = `
      import { lowerProcessPriority } from ${JSON.stringify(module)};
            import { readdirSync, readFileSync } from 'node:fs';
      import { pbkdf2 } from 'node:crypto';
      lowerProcessPriority(7);
      await new Promise((done) => pbkdf2('x', 'y', 1000, 32, 'sha256', done));
      const nice = readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
      console.log(JSON.stringify(nice));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    const nice = JSON.parse(stdout) as number[];
    expect(nice.length).toBeGreaterThan(1);
    expect(nice).toEqual(nice.map(() => 7));
  });
});
