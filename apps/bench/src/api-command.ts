// The bench must start the API and the worker exactly as `pnpm start` and `pnpm worker` do, heap
// flags and built file included: it reads them from apps/api/package.json rather than keeping a
// copy that could drift from it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NodeCommand {
  /** Node's own flags, e.g. `--max-semi-space-size=4`. */
  flags: string[];
  /** The script, relative to the package folder. */
  entry: string;
}

/**
 * Splits a `[exec] node <flags> <file>` package script (`exec` hands the shell's place, and the
 * signals sent to it, to node); anything else is an error, not a guess.
 */
export function parseNodeScript(script: string): NodeCommand {
  const [command, ...words] = script
    .trim()
    .replace(/^exec\s+/, '')
    .split(/\s+/);
  const entry = words.pop();
  const flags = words;
  if (command !== 'node' || !entry || entry.startsWith('-') || flags.some((flag) => !flag.startsWith('--'))) {
    throw new Error(`expected "[exec] node [--flag…] <file>", got "${script}"`);
  }
  return { flags, entry };
}

/** One of apps/api's scripts (`start`, `worker`), its file relative to the repository root. */
export function apiCommand(root: string, script: 'start' | 'worker'): NodeCommand {
  const pkg = JSON.parse(readFileSync(join(root, 'apps/api/package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const { flags, entry } = parseNodeScript(pkg.scripts?.[script] ?? '');
  return { flags, entry: join('apps/api', entry) };
}
