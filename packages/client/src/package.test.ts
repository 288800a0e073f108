// The package as a client app in another repository gets it: `pnpm pack`, installed from the
// tarball into a folder outside the workspace with only its declared dependencies (offline, from
// the local pnpm store), then a small TypeScript program type checked strictly against it and run.
// Needs the build (turbo runs it before this package's tests).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * A synchronous child blocks Vitest's own test timeout, so each one carries its own: a pnpm that
 * stalls (seen once in CI: idle, no socket open, for 13 minutes) fails the test instead of the run.
 */
function run(command: string, args: string[], cwd: string, timeout = 60_000): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    const { stdout, stderr, signal } = error as { stdout?: string; stderr?: string; signal?: string };
    const why = signal === 'SIGKILL' ? `did not finish in ${timeout / 1000} s` : 'failed';
    throw new Error(`${command} ${args.join(' ')} ${why}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The install may fetch registry metadata; one stalled attempt is retried once. */
function install(args: string[], cwd: string): void {
  try {
    run('pnpm', args, cwd);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('did not finish')) throw error;
    run('pnpm', args, cwd);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file));
}

it('installs from its tarball outside the workspace, type checks strictly and runs, with nothing of the hub', () => {
  if (!existsSync(join(packageDir, 'dist/index.d.ts'))) {
    throw new Error('dist/ is missing: run `pnpm --filter @accounts/client build` first');
  }
  const work = mkdtempSync(join(tmpdir(), 'accounts-client-pack-'));
  try {
    const store = run('pnpm', ['store', 'path'], packageDir).trim();
    run('pnpm', ['pack', '--pack-destination', work], packageDir);
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'))!;
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'client-app',
        private: true,
        type: 'module',
        dependencies: { '@accounts/client': `file:../${tarball}` },
      }),
    );
    for (const file of ['main.ts', 'tsconfig.json']) {
      copyFileSync(join(packageDir, 'test-consumer', file), join(app, file));
    }
    install(
      [
        'install',
        '--prefer-offline',
        '--store-dir',
        store,
        '--ignore-scripts',
        '--config.auto-install-peers=false',
      ],
      app,
    );

    const installed = join(app, 'node_modules/@accounts/client');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', default: './dist/index.js' } });
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@trpc/client',
      '@trpc/server',
      'jose',
      'superjson',
    ]);
    expect(JSON.stringify(manifest.dependencies)).not.toMatch(/workspace:|catalog:/);
    const shipped = filesUnder(installed).filter((file) => /\.(js|d\.ts)$/.test(file));
    expect(shipped.some((file) => file.endsWith('dist/index.d.ts'))).toBe(true);
    // No import of the hub's packages, in code or in declarations.
    const hubImport = /(from\s*|import\s*\(\s*|require\s*\(\s*)['"]@accounts\//;
    for (const file of shipped) expect(readFileSync(file, 'utf8'), file).not.toMatch(hubImport);
    expect(existsSync(join(app, 'node_modules/@accounts/core'))).toBe(false);

    run(process.execPath, [tsc, '-p', app], app);
    const printed = JSON.parse(run(process.execPath, [join(app, 'out/main.js')], app));
    expect(printed).toEqual({
      name: 'Calendar',
      user: 'dana@example.test',
      claims: 'c1',
      code: null,
      event: 'user.deleted',
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 300_000);
