// Reads a V8 CPU profile (.cpuprofile, what `node --cpu-prof` and the inspector's Profiler.stop
// produce) into self time per function and per package. Pure: tested in cpuprofile.test.ts.
import { markdownTable } from './report.ts';

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds before each sample (the first one from startTime). */
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  selfMs: number;
  /** Share of the busy (non-idle) time, 0..100. */
  percent: number;
}

export interface FunctionTime extends SelfTime {
  location: string;
  package: string;
}

export interface ProfileSummary {
  sampledMs: number;
  idleMs: number;
  packages: SelfTime[];
  functions: FunctionTime[];
}

const VM_NODES = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** Which package a frame belongs to, from its script URL. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return VM_NODES.has(functionName) ? functionName : '(native code)';
  if (url.startsWith('node:')) return 'node (core modules)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? 'other');
  }
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(path);
  if (workspace) return `@accounts/${workspace[2]}`;
  return 'other';
}

/** A short place for a frame: the path inside its package, and the line (1-based). */
export function locationOf(url: string, lineNumber: number): string {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  const workspace = /\/((?:packages|apps)\/.*)$/.exec(path);
  const short = modules >= 0 ? path.slice(modules + '/node_modules/'.length) : (workspace?.[1] ?? path);
  return `${short}:${lineNumber + 1}`;
}

/** Self time per function and per package; each sample lasts until the next one (as DevTools counts). */
export function summarizeProfile(profile: CpuProfile, top = 12): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    const next = timeDeltas[i + 1];
    const micros = next ?? (profile.endTime - profile.startTime) / Math.max(1, samples.length);
    selfByNode.set(samples[i]!, (selfByNode.get(samples[i]!) ?? 0) + Math.max(0, micros));
  }
  let sampled = 0;
  let idle = 0;
  const byFunction = new Map<string, FunctionTime>();
  const byPackage = new Map<string, number>();
  for (const [id, micros] of selfByNode) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    const ms = micros / 1000;
    sampled += ms;
    if (frame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const pkg = packageOf(frame.url, frame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const name = frame.functionName || '(anonymous)';
    const location = locationOf(frame.url, frame.lineNumber);
    const key = `${name} ${location}`;
    const entry = byFunction.get(key) ?? { name, location, package: pkg, selfMs: 0, percent: 0 };
    entry.selfMs += ms;
    byFunction.set(key, entry);
  }
  const busy = Math.max(sampled - idle, Number.EPSILON);
  const withPercent = <T extends SelfTime>(entry: T): T => ({
    ...entry,
    percent: (entry.selfMs / busy) * 100,
  });
  return {
    sampledMs: sampled,
    idleMs: idle,
    packages: [...byPackage]
      .map(([name, selfMs]) => withPercent({ name, selfMs, percent: 0 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    functions: [...byFunction.values()]
      .map(withPercent)
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
  };
}

/** The top packages in one line, e.g. "@mikro-orm/core 21%, (garbage collector) 9%". */
export function topPackagesLine(summary: ProfileSummary, count = 5): string {
  return summary.packages
    .slice(0, count)
    .map((entry) => `${entry.name} ${Math.round(entry.percent)}%`)
    .join(', ');
}

export function renderProfile(title: string, summary: ProfileSummary): string {
  const busy = summary.sampledMs - summary.idleMs;
  const packages = markdownTable(
    ['package', 'self ms', 'share'],
    summary.packages.map((entry) => [entry.name, entry.selfMs.toFixed(0), `${entry.percent.toFixed(1)}%`]),
  );
  const functions = markdownTable(
    ['function', 'where', 'self ms', 'share'],
    summary.functions.map((entry) => [
      entry.name,
      entry.location || entry.package,
      entry.selfMs.toFixed(0),
      `${entry.percent.toFixed(1)}%`,
    ]),
  );
  return `### ${title}

${(summary.sampledMs / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s of it busy (shares are of the busy time).

${packages}

${functions}
`;
}
