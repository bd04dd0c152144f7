import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AstroIntegration } from 'astro';
import { stop as stopEsbuild } from 'esbuild';
import { announcePagesWritten } from '../utils/pages-written';

/**
 * How far V8 lets the heap grow past what the last full collection kept while pages render, in percent.
 * Rendering promotes ~90 KB of short-lived objects per page into the old generation, and by V8's own
 * measure of a build (fast, allocation-heavy) it never collected them while the pages rendered: at 1,000
 * articles node ended the prerender at 460-550 MB. Held to 30%, it collects every few hundred pages and
 * peaks at 350-420 MB; the marking runs beside the renderer on the other core (~0.7 s of CPU, ~50 ms on
 * the main thread). At 10,000 articles it keeps the heap proportional to what is live.
 */
const RENDERING_HEAP_GROWTH_PERCENT = 30;

/**
 * Keeps `astro build`'s own memory in check, so the process tree stays small when Pagefind's indexer
 * (its own process, ~240 MB at 1,000 articles) runs beside it: a tighter heap while pages render, and,
 * once they are written, everything bundling and rendering left behind handed back by
 * {@link releaseBuildMemory} before `astro:build:done` starts Pagefind (`build-output.ts`).
 */
export function buildMemory(): AstroIntegration {
  return {
    name: 'docket:build-memory',
    hooks: {
      // The server bundle is built and the pages render next. V8 sets the heap's next limit when it
      // collects, so collect once now (Rollup's leftovers, ~40 ms) for the tighter growth to apply.
      'astro:build:ssr': () => {
        setFlagsFromString(`--heap-growing-percent=${RENDERING_HEAP_GROWTH_PERCENT}`);
        collectGarbage({ compact: false });
      },
      'astro:build:generated': () => {
        setFlagsFromString('--heap-growing-percent=0'); // 0: V8 chooses again
      },
    },
  };
}

/**
 * Hands back what bundling and rendering left behind; `astro:build:done` calls it before Pagefind starts.
 * Rendering leaves Astro's heap mostly garbage (measured at 1,000 articles: 270 MB of heap, 96 MB of it
 * live); a full collection lets V8 unmap the rest. Of the 96 MB, 33 MB is the help center model, which
 * the page modules let go of when told the pages are written; Astro keeps the routes of every page (and
 * through them the same articles) until its page generation returns, after `astro:build:generated`, so
 * only at `astro:build:done` does the collection find the model garbage: 62 MB live, and node beside
 * Pagefind at ~260 MB instead of ~290 MB. The esbuild service processes that Vite and Astro started for
 * the bundle (and that minified our browser scripts) are idle from here on; esbuild starts a new one if
 * anything calls it again.
 */
export async function releaseBuildMemory(): Promise<void> {
  announcePagesWritten();
  await stopEsbuild();
  // Vite bundles its own esbuild version and leaves that service running after the bundle, too.
  const viteRequire = createRequire(createRequire(import.meta.url).resolve('vite'));
  await (viteRequire('esbuild') as { stop: () => Promise<void> }).stop();
  collectGarbage({ compact: true });
}

/**
 * A full, synchronous garbage collection, as `node --expose-gc` offers it. Compacting moves the live
 * objects together: rendering leaves the heap's pages sparsely used, and without compaction V8 frees
 * little of them (measured: 153 MB of heap pages kept for 82 MB of live objects; compacted, 84 MB).
 */
function collectGarbage(options: { compact: boolean }): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  if (!options.compact) return gc();
  setFlagsFromString('--compact-on-every-full-gc');
  gc();
  setFlagsFromString('--no-compact-on-every-full-gc');
}
