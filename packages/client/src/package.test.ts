// The package as a client app in another repository gets it: `pnpm pack`, then a consumer app
// outside the workspace whose node_modules holds the unpacked tarball and, beside it, only the
// dependencies its packed manifest declares, then a small TypeScript program type checked strictly
// against it and run. Needs the build (turbo runs it before this package's tests).
//
// No package manager installs anything: an install asks the registry for metadata the local store
// does not keep (a fresh clone's `pnpm install --frozen-lockfile` fetches tarballs, not metadata,
// so even `--offline` fails there), and on a loaded machine that request stalled past the test's
// limit. The declared dependencies are linked from the workspace's own install instead, the very
// versions the manifest pins; each resolves its own dependencies from there, as after an install.
// pnpm runs offline with the registry pointed at a closed port on loopback, so a step that would
// reach for the network fails at once instead of depending on it.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
/** pnpm settings for a run that must not reach a registry: offline, and none to reach anyway. */
const NO_REGISTRY = ['--config.offline=true', '--config.registry=http://127.0.0.1:9/'];

/**
 * A synchronous child blocks Vitest's own test timeout, so each one carries its own: nothing here
 * waits on the network, so a child that takes this long is stuck, and fails the test.
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

/**
 * Links each declared dependency into the consumer's node_modules from this package's own install,
 * after checking it is the version the packed manifest names.
 */
function linkDeclaredDependencies(nodeModules: string, declared: Record<string, string>): void {
  for (const [name, version] of Object.entries(declared)) {
    const installed = join(packageDir, 'node_modules', name);
    if (!existsSync(installed)) {
      throw new Error(
        `${name} is declared by the packed manifest but not installed in packages/client: run \`pnpm install --frozen-lockfile\``,
      );
    }
    const target = realpathSync(installed);
    const found = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).version;
    expect(found, `${name}: the manifest asks for ${version}, the workspace has ${found}`).toBe(version);
    mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
    symlinkSync(target, join(nodeModules, name), 'dir');
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
    run('pnpm', ['pack', ...NO_REGISTRY, '--pack-destination', work], packageDir);
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'))!;
    const app = join(work, 'app');
    const scope = join(app, 'node_modules/@accounts');
    mkdirSync(scope, { recursive: true });
    run('tar', ['-xzf', join(work, tarball), '-C', scope], work);
    renameSync(join(scope, 'package'), join(scope, 'client'));
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
    linkDeclaredDependencies(join(app, 'node_modules'), manifest.dependencies);
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
}, 120_000);
