import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { sampleProcessTree, type TreeSample, type TreeUsage } from './process-tree';

/** Where a build reads its articles and writes its output. */
export interface AstroBuildOptions {
  /** The repository root: `astro build` runs there with the project's own config. */
  repoRoot: string;
  /** `DOCKET_CONTENT_DIR`: the corpus. */
  contentDir: string;
  /** `DOCKET_CACHE_DIR`: a fresh empty directory, so a content-layer cache (if the config keeps one) starts cold. */
  cacheDir: string;
  /** `--outDir`; the help center lands in `<outDir>/client`. */
  outDir: string;
  /** Another Astro config to measure instead of the project's (to try a change before making it); Astro wants it relative to the root. */
  configFile?: string;
}

/** A line the build printed, and when it arrived (ms after spawn). */
export interface LogLine {
  at: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** A stretch of the build between two lines of Astro's log. */
export interface BuildPhase {
  name: string;
  ms: number;
  /** Undefined when the phase was shorter than the sampling interval. */
  peakRssBytes?: number;
  /** What Astro or the integration said about it, when it said something ("Indexed 1200 pages in 2100 ms"). */
  note?: string;
}

export interface AstroBuildResult {
  ok: boolean;
  exitCode: number | null;
  /** Wall clock from spawning `astro build` to its exit: everything, Pagefind and precompression included. */
  wallMs: number;
  /** Peak of the summed resident memory of the `astro build` process and its children (esbuild, Pagefind). */
  peakRssBytes: number;
  /** The peak of each program in the tree on its own (`node` is Astro itself; `pagefind` is Pagefind's indexer). */
  peakRssByProgram: Record<string, number>;
  /** CPU time of the process tree; less sensitive than wall time to other work on the machine. */
  cpuMs: number;
  /** Its system (kernel) part: high when creating files is slow (see src/integrations/stale-output.ts). */
  systemCpuMs: number;
  phases: BuildPhase[];
  /** Every line the build printed. */
  log: LogLine[];
  samples: TreeSample[];
}

/** Log lines that end a phase, in build order; the phase runs from the previous marker's line to this one. */
const PHASE_ENDS: Array<{ name: string; line: RegExp; note?: RegExp }> = [
  { name: 'start-up (config, Vite, integrations)', line: /\[content\] Syncing content/ },
  { name: 'content-layer sync (Astro collections, if any)', line: /\[content\] Synced content/ },
  { name: 'type generation', line: /\[types\] Generated/ },
  { name: 'collecting build info', line: /Building server entrypoints/ },
  { name: 'Vite bundles', line: /prerendering static routes/, note: /\[vite\] (✓ built in \S+)/ },
  {
    name: 'prerendering (getStaticPaths, which loads the content, then every page)',
    line: /Rearranging server assets/,
  },
  // Pagefind indexes while the .br/.gz copies are written (src/integrations/build-output.ts): one phase.
  {
    name: 'Pagefind index beside precompression, stale files removed (astro:build:done)',
    line: /\[docket:build-output\] Precompressed/,
    note: /(Pagefind indexed \d+ pages in \d+ ms|Precompressed \d+ files)/,
  },
];

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters by definition
const ANSI = /\u001b\[[0-9;]*m/g;

/** A command run to its end while its process tree is sampled. */
export interface MeasuredRun {
  exitCode: number | null;
  wallMs: number;
  usage: TreeUsage;
  /** Every line it printed. */
  log: LogLine[];
}

/** Runs `command` in a child process to its exit, sampling its process tree's memory and CPU and keeping its output. */
export async function runMeasured(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`Could not start ${command}.`);
  const sampler = sampleProcessTree(child.pid);

  const log: LogLine[] = [];
  const collect = (stream: NodeJS.ReadableStream, name: LogLine['stream']) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const at = performance.now() - started;
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) log.push({ at, stream: name, line: line.replace(ANSI, '') });
    });
    stream.on('end', () => {
      if (pending) log.push({ at: performance.now() - started, stream: name, line: pending.replace(ANSI, '') });
    });
  };
  if (child.stdout) collect(child.stdout, 'stdout');
  if (child.stderr) collect(child.stderr, 'stderr');

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  return { exitCode, wallMs: performance.now() - started, usage: sampler.stop(), log };
}

/**
 * Runs `astro build` on a corpus in a child process, timing it and sampling its memory. It starts through
 * `scripts/astro-build.sh`, as `npm run build` does, so it runs with the same node flags and environment
 * (the script `exec`s node: no shell stays in the process tree).
 */
export async function runAstroBuild(options: AstroBuildOptions): Promise<AstroBuildResult> {
  const args = [
    join(options.repoRoot, 'scripts', 'astro-build.sh'),
    '--outDir',
    options.outDir,
    ...(options.configFile ? ['--config', relative(options.repoRoot, options.configFile)] : []),
  ];
  const { exitCode, wallMs, usage, log } = await runMeasured('sh', args, {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      DOCKET_CONTENT_DIR: options.contentDir,
      DOCKET_CACHE_DIR: options.cacheDir,
      NO_COLOR: '1',
    },
  });
  return {
    ok: exitCode === 0,
    exitCode,
    wallMs,
    peakRssBytes: usage.peakRssBytes,
    peakRssByProgram: usage.peakRssByProgram,
    cpuMs: usage.cpuMs,
    systemCpuMs: usage.systemCpuMs,
    phases: splitPhases(log, usage.samples, wallMs),
    log,
    samples: usage.samples,
  };
}

/** Cuts the build's timeline at the marker lines that appeared; the last phase runs to the process's exit. */
function splitPhases(log: LogLine[], samples: TreeSample[], wallMs: number): BuildPhase[] {
  const phases: BuildPhase[] = [];
  let from = 0;
  let searchFrom = 0;
  const peakBetween = (start: number, end: number) => {
    // A sample after the process exited reads 0: not a peak.
    const inside = samples.filter((sample) => sample.at >= start && sample.at <= end && sample.rssBytes > 0);
    return inside.length ? Math.max(...inside.map((sample) => sample.rssBytes)) : undefined;
  };
  for (const marker of PHASE_ENDS) {
    const index = log.findIndex((entry, i) => i >= searchFrom && marker.line.test(entry.line));
    if (index < 0) continue;
    const end = log[index]?.at ?? from;
    let note: string | undefined;
    if (marker.note) {
      const notes = log
        .slice(searchFrom, index + 1)
        .map((entry) => marker.note?.exec(entry.line)?.[1])
        .filter((text): text is string => Boolean(text));
      if (notes.length) note = notes.join(', ');
    }
    phases.push({ name: marker.name, ms: end - from, peakRssBytes: peakBetween(from, end), note });
    from = end;
    searchFrom = index + 1;
  }
  phases.push({ name: 'the rest (Astro finishing, exit)', ms: wallMs - from, peakRssBytes: peakBetween(from, wallMs) });
  return phases;
}
