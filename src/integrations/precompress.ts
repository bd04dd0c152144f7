import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { glob } from 'tinyglobby';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * Text files worth compressing, Pagefind's runtime scripts included (they are half of a first search's
 * bytes). Its index, fragments and wasm are compressed by Pagefind itself; its UI bundles are never served.
 */
const PATTERNS = ['**/*.{html,css,js,mjs,json,xml,svg,txt,webmanifest}'];
const IGNORE = ['pagefind/pagefind-*ui*', 'pagefind/pagefind-highlight*'];
/** Below this, the compressed copy plus its headers is no smaller than the original. */
const MIN_BYTES = 1024;
/** zlib runs on libuv's thread pool; a few at a time keep both cores busy without piling up memory. */
const CONCURRENCY = 8;

/**
 * Writes `.br` and `.gz` beside every text file of the build, so the server never compresses at request time.
 * Measured on this site's article pages: brotli quality 6 costs 0.75 ms a page and comes within 1% of
 * quality 9 (15 ms) and 13% of quality 11 (24 ms); at 10,000 pages that is seconds instead of minutes.
 */
export function precompress(): AstroIntegration {
  return {
    name: 'docket:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const started = performance.now();
        const files = await glob(PATTERNS, { cwd: root, ignore: IGNORE, absolute: true });
        let compressed = 0;
        const queue = [...files];
        const worker = async () => {
          for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
            const content = await readFile(file);
            if (content.byteLength < MIN_BYTES) continue;
            const [br, gz] = await Promise.all([
              brotliAsync(content, {
                params: {
                  [constants.BROTLI_PARAM_QUALITY]: 6,
                  [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength,
                  [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
                },
              }),
              gzipAsync(content, { level: 6 }),
            ]);
            await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
            compressed += 1;
          }
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        logger.info(`Precompressed ${compressed} files in ${Math.round(performance.now() - started)} ms.`);
      },
    },
  };
}
