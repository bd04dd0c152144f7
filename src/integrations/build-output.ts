import { mkdir, rename } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { SUGGESTION_ARTICLES_FILE } from '../../api/deflection/built-articles';
import { releaseBuildMemory } from './build-memory';
import { indexWithPagefind } from './pagefind';
import { precompressDirectory } from './precompress';
import { markBuildStart, removeStaleFiles, removeStalePagefindFiles } from './stale-output';

/** `.br`/`.gz` copies are rewritten after the pages, and Pagefind's files by Pagefind: spared until then. */
const REWRITTEN_LATER = (path: string) => /\.(br|gz)$/.test(path) || path.startsWith('pagefind/');

/**
 * How much lower than the build's own the scheduling priority of compression is while Pagefind indexes
 * (a `nice` increment). Pagefind is the longer of the two, and the two cores are shared by its threads and
 * this one: measured at 1,000 articles in three interleaved pairs of builds, yielding to it took the end of
 * the build from 3.8-3.9 s to 3.3-3.5 s, and the build from 13.3-13.4 s to 12.5-13.0 s.
 */
const COMPRESSION_NICENESS = 10;

/**
 * Runs `work` with this thread's priority lowered by {@link COMPRESSION_NICENESS}; child processes started
 * before keep theirs. Raising it back needs CAP_SYS_NICE where it was lowered without: the build is over by
 * then, so that is left as it is.
 */
async function inBackground<T>(work: () => Promise<T>): Promise<T> {
  const priority = getPriority();
  setPriority(Math.min(priority + COMPRESSION_NICENESS, 19));
  try {
    return await work();
  } finally {
    try {
      setPriority(priority);
    } catch {
      // Not permitted: see above.
    }
  }
}

/**
 * What happens to the help center once Astro has written every page over the previous build's
 * (`stale-output.ts`): what that build left and this one didn't write goes, then the Pagefind index and
 * `.br`/`.gz` copies of every text file are made. The two don't depend on each other, so they run side by
 * side (Pagefind is its own process, compression runs on libuv's threads); Pagefind's runtime scripts are
 * compressed after.
 */
export function buildOutput(): AstroIntegration {
  let outDir: string | undefined;
  let serverDir: string | undefined;
  let buildStarted = 0;
  return {
    name: 'docket:build-output',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        serverDir = fileURLToPath(config.build.server);
      },
      'astro:build:start': async () => {
        if (!outDir) return;
        await mkdir(outDir, { recursive: true });
        buildStarted = await markBuildStart(outDir);
      },
      'astro:build:done': async ({ dir, logger }) => {
        await releaseBuildMemory();
        const root = fileURLToPath(dir);
        const started = performance.now();
        // Written by src/pages/suggestion-articles.json.ts; the server reads it, readers never need it.
        if (serverDir) {
          await mkdir(serverDir, { recursive: true });
          await rename(join(root, SUGGESTION_ARTICLES_FILE), join(serverDir, SUGGESTION_ARTICLES_FILE));
        }
        // Before Pagefind reads the article pages: a deleted article's page must not be found again.
        const stale = removeStaleFiles(root, buildStarted, REWRITTEN_LATER);
        const elapsed = () => `${Math.round(performance.now() - started)} ms`;
        // Pagefind's process starts first, at the build's priority; compression then yields the CPU to it.
        const [pages, files] = await Promise.all([
          indexWithPagefind(root).then((count) => {
            logger.info(`Pagefind indexed ${count} pages in ${elapsed()}.`);
            return count;
          }),
          inBackground(() => precompressDirectory(root, { ignore: ['pagefind/**'] })),
        ]);
        // Pagefind's own index files are compressed by Pagefind; its UI bundles are never served.
        const runtime = await precompressDirectory(`${root}/pagefind`, { only: ['pagefind.js', 'pagefind-worker.js', '*.json'] });
        // Pagefind's directory has its own rule (stale-output.ts); the rest of the output goes by age.
        const pagefindDir = join(root, 'pagefind');
        const output = outDir ?? root;
        const pagefindPath = `${relative(output, pagefindDir).split(sep).join('/')}/`;
        const leftovers =
          (await removeStalePagefindFiles(pagefindDir, buildStarted)) +
          removeStaleFiles(output, buildStarted, (path) => path.startsWith(pagefindPath));
        logger.info(`Precompressed ${files + runtime} files; ${pages} pages searchable; done in ${elapsed()}.`);
        const removed = stale + leftovers;
        if (removed > 0)
          logger.info(`Removed ${removed} ${removed === 1 ? 'file' : 'files'} the previous build wrote and this one didn't.`);
      },
    },
  };
}
