import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { SUGGESTION_ARTICLES_FILE } from '../../api/deflection/built-articles';
import { releaseBuildMemory } from './build-memory';
import { indexWithPagefind } from './pagefind';
import { precompressDirectory } from './precompress';

/**
 * What happens to the help center once Astro has written every page: the Pagefind index, and `.br`/`.gz`
 * copies of every text file. The two don't depend on each other, so they run side by side (Pagefind is
 * its own process, compression runs on libuv's threads); Pagefind's runtime scripts are compressed after.
 */
export function buildOutput(): AstroIntegration {
  let serverDir: string | undefined;
  return {
    name: 'docket:build-output',
    hooks: {
      'astro:config:done': ({ config }) => {
        serverDir = fileURLToPath(config.build.server);
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
