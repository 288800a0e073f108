// Which processes a test started, read from /proc (Linux): a process's descendants are found
// while they run, and recognised later by pid *and* start time, so a pid reused by someone else's
// process is never mistaken for ours (and never signalled).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Clock ticks since boot: with the pid, a process's identity. */
  startTime: string;
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, ppid: Number(fields[1]), startTime: fields[19]!, state: fields[0]!, command };
  } catch {
    return null; // gone meanwhile
  }
}

/** `root` and every process below it, as they are now. */
export function processTree(root: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== null);
  const found = all.filter((info) => info.pid === root);
  for (let i = 0; i < found.length; i++) {
    found.push(...all.filter((info) => info.ppid === found[i]!.pid));
  }
  return found;
}

/** Whether this very process (same pid, same start) still runs; zombies count as ended. */
export function stillRunning(info: ProcessInfo): boolean {
  const now = readProcess(info.pid);
  return now !== null && now.startTime === info.startTime && now.state !== 'Z';
}

/** SIGKILLs those of `processes` that still run — only ever processes this test started. */
export function killSurvivors(processes: ProcessInfo[]): void {
  for (const info of processes) {
    if (!stillRunning(info)) continue;
    try {
      process.kill(info.pid, 'SIGKILL');
    } catch {}
  }
}
