import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { indexWithPagefind } from './pagefind';
import { precompressDirectory } from './precompress';

/**
 * What happens to the help center once Astro has written every page: the Pagefind index, and `.br`/`.gz`
 * copies of every text file. The two don't depend on each other, so they run side by side (Pagefind is
 * its own process, compression runs on libuv's threads); Pagefind's runtime scripts are compressed after.
 */
export function buildOutput(): AstroIntegration {
  return {
    name: 'docket:build-output',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const started = performance.now();
        const elapsed = () => `${Math.round(performance.now() - started)} ms`;
        const [pages, files] = await Promise.all([
          indexWithPagefind(root).then((count) => {
            logger.info(`Pagefind indexed ${count} pages in ${elapsed()}.`);
            return count;
          }),
          precompressDirectory(root, { ignore: ['pagefind/**'] }),
        ]);
        // Pagefind's own index files are compressed by Pagefind; its UI bundles are never served.
        const runtime = await precompressDirectory(`${root}/pagefind`, { only: ['pagefind.js', 'pagefind-worker.js', '*.json'] });
        logger.info(`Precompressed ${files + runtime} files; ${pages} pages searchable; done in ${elapsed()}.`);
      },
    },
  };
}
