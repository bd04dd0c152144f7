import { readdirSync, readFileSync } from 'node:fs';

/** One reading of a process tree. */
export interface TreeSample {
  /** Milliseconds since sampling started. */
  at: number;
  /** Sum of VmRSS over the process and all its descendants, in bytes. */
  rssBytes: number;
  processes: number;
}

export interface TreeUsage {
  samples: TreeSample[];
  peakRssBytes: number;
  /** The largest resident size each program in the tree reached (by executable name: node, pagefind_extended, esbuild). */
  peakRssByProgram: Record<string, number>;
  /** User + system CPU time of every process seen in the tree, as of its last sample. */
  cpuMs: number;
  /** The system (kernel) part of `cpuMs`: file creation, page faults, syscalls. */
  systemCpuMs: number;
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // The process exited between listing and reading.
  }
}

/** Direct children of a process, from each of its threads' `children` lists (any thread can fork). */
function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const thread of threads) {
    for (const child of readOrEmpty(`/proc/${pid}/task/${thread}/children`).split(' ')) {
      if (child.trim()) children.push(Number(child));
    }
  }
  return children;
}

function treeOf(root: number): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) pids.push(...childrenOf(pids[i] ?? root));
  return pids;
}

/** User and system CPU time a process has used, in ticks, or undefined once it is gone. */
function cpuTicksSplit(pid: number): { user: number; system: number } | undefined {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return Number.isFinite(user) && Number.isFinite(system) ? { user, system } : undefined;
}

/** User + system CPU time a process has used, in ticks, or undefined once it is gone. */
function cpuTicksOf(pid: number): number | undefined {
  const ticks = cpuTicksSplit(pid);
  return ticks && ticks.user + ticks.system;
}

/** The CPU time each process of a tree has used so far, in ms by pid: read before and after, then `cpuMsBetween`. */
export function readTreeCpu(root: number): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of treeOf(root)) {
    const ticks = cpuTicksOf(pid);
    if (ticks !== undefined) cpu.set(pid, (ticks * 1000) / TICKS_PER_SECOND);
  }
  return cpu;
}

/** CPU a tree used between two readings; a process started in between counts from zero, one that ended is lost. */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

/** The process whose command line contains `fragment` (a temp path or port unique to it), or undefined. */
export function findProcess(fragment: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (readOrEmpty(`/proc/${entry}/cmdline`).split('\0').join(' ').includes(fragment)) return Number(entry);
  }
  return undefined;
}

/**
 * Samples a process tree's resident memory and CPU time every `intervalMs` (Linux only, through /proc).
 * Resident sizes are summed, so pages shared between processes count once per process: a slight overestimate.
 */
export function sampleProcessTree(root: number, intervalMs = 50): { stop: () => TreeUsage } {
  const started = performance.now();
  const samples: TreeSample[] = [];
  const cpuTicks = new Map<number, number>();
  const systemTicks = new Map<number, number>();
  const peakRssByProgram: Record<string, number> = {};
  let peakRssBytes = 0;

  const sample = () => {
    let rssBytes = 0;
    const pids = treeOf(root);
    for (const pid of pids) {
      const status = readOrEmpty(`/proc/${pid}/status`);
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      if (rss) {
        const bytes = Number(rss[1]) * 1024;
        // argv[0] rather than `Name:`, which the kernel cuts at 15 characters ("pagefind_extend").
        const argv0 = readOrEmpty(`/proc/${pid}/cmdline`).split('\0')[0] ?? '';
        const program = argv0.split('/').pop() || /Name:\s+(.+)/.exec(status)?.[1] || '?';
        rssBytes += bytes;
        peakRssByProgram[program] = Math.max(peakRssByProgram[program] ?? 0, bytes);
      }
      const ticks = cpuTicksSplit(pid);
      if (ticks) {
        cpuTicks.set(pid, Math.max(cpuTicks.get(pid) ?? 0, ticks.user + ticks.system));
        systemTicks.set(pid, Math.max(systemTicks.get(pid) ?? 0, ticks.system));
      }
    }
    samples.push({ at: performance.now() - started, rssBytes, processes: pids.length });
    peakRssBytes = Math.max(peakRssBytes, rssBytes);
  };

  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      const toMs = (ticks: Map<number, number>) =>
        ([...ticks.values()].reduce((sum, value) => sum + value, 0) * 1000) / TICKS_PER_SECOND;
      return { samples, peakRssBytes, peakRssByProgram, cpuMs: toMs(cpuTicks), systemCpuMs: toMs(systemTicks) };
    },
  };
}
