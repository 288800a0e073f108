import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Gives the whole process the nice value `nice`. On Linux `setpriority` changes one thread, and
 * Node's `os.setPriority(n)` only the calling one: V8's garbage collector and compiler threads,
 * started with the process, would keep competing at normal priority. So every thread the process
 * has now is set; threads started later inherit the value from the thread that starts them.
 * Elsewhere (no /proc) the process as the OS defines it.
 */
export function lowerProcessPriority(nice: number): void {
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [0];
  }
  for (const thread of threads) setPriority(thread, nice);
}
