import { readFile, utimes, writeFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { glob } from 'tinyglobby';

/** The text files of a build worth compressing. */
const TEXT_FILES = '**/*.{html,css,js,mjs,json,xml,svg,txt,webmanifest}';
/** Below this, the compressed copy plus its headers is no smaller than the original. */
const MIN_BYTES = 1024;
/** The smallest window either compressor takes (brotli: 10, gzip: 9). */
const MIN_WINDOW_BITS = 10;
/** Files compressed between two turns of the event loop, so Pagefind's replies are never kept waiting long. */
const FILES_PER_TURN = 16;

/**
 * The smallest window (log2 of its bytes) that holds all of a file, as brotli's own command line picks it:
 * a larger one finds no more matches in a file that fits. It keeps the compressors small: at brotli's
 * default window (4 MB) quality 6 sets up a 2 MB hash table for every file, with the file's own window
 * (16 KB for an article page) a hasher made for small windows, ~0.5 MB. Under the fixed mmap threshold of
 * `scripts/astro-build.sh` every such table is mapped, faulted in and unmapped again, file after file:
 * 1.8-1.95 s of system time for the 1,234 files of a 1,000-article build at the default windows,
 * 0.35-0.45 s at the files' own (as without the threshold). Brotli's output is 0.1% smaller; gzip's the same.
 */
function windowBitsFor(bytes: number): number {
  // A brotli window of 2^n bytes holds 2^n - 16 of them.
  return Math.max(MIN_WINDOW_BITS, Math.ceil(Math.log2(bytes + 16)));
}

/**
 * Whether the copies an earlier build wrote beside `file` still hold `content`, as they do for every page a
 * rebuild renders the same. The `.gz` is written after the `.br`, so a `.gz` that decompresses to `content`
 * vouches for both. Both are then dated now, as files this build wrote (stale-output.ts goes by age).
 */
async function copiesStillCurrent(file: string, content: Buffer): Promise<boolean> {
  try {
    if (!gunzipSync(await readFile(`${file}.gz`)).equals(content)) return false;
    const now = new Date();
    await Promise.all([utimes(`${file}.br`, now, now), utimes(`${file}.gz`, now, now)]);
    return true;
  } catch {
    return false; // A copy missing or unreadable: compress again.
  }
}

/**
 * Writes `.br` and `.gz` beside every text file under `root` (minus `ignore`), so the server never
 * compresses at request time, and keeps those a previous build wrote for the same content. Measured on
 * this site's article pages: brotli quality 6 costs 0.75 ms a page and comes within 1% of quality 9
 * (15 ms) and 13% of quality 11 (24 ms); at 10,000 pages that is seconds instead of minutes. Resolves
 * with the number of files that have their copies.
 */
export async function precompressDirectory(root: string, options: { only?: string[]; ignore?: string[] } = {}): Promise<number> {
  const files = await glob(options.only ?? [TEXT_FILES], { cwd: root, ignore: options.ignore ?? [], absolute: true });
  let compressed = 0;
  // zlib's async API sends a small page through the thread pool in several round trips and more than
  // doubles its CPU time (measured: 2.5 s of user time against 0.8 s for the same 1,228 pages). The
  // build has nothing else to do meanwhile (Pagefind is its own process), so compress synchronously.
  for (let start = 0; start < files.length; start += FILES_PER_TURN) {
    const batch = files.slice(start, start + FILES_PER_TURN);
    const contents = await Promise.all(
      batch.map(async (file) => {
        const content = await readFile(file);
        if (content.byteLength < MIN_BYTES) return undefined;
        if (await copiesStillCurrent(file, content)) {
          compressed += 1;
          return undefined;
        }
        return content;
      }),
    );
    const writes: Array<Promise<void>> = [];
    batch.forEach((file, index) => {
      const content = contents[index];
      if (!content) return;
      const windowBits = windowBitsFor(content.byteLength);
      const br = brotliCompressSync(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 6,
          [constants.BROTLI_PARAM_LGWIN]: Math.min(windowBits, constants.BROTLI_DEFAULT_WINDOW),
          [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      });
      const gz = gzipSync(content, { level: 6, windowBits: Math.min(windowBits, constants.Z_MAX_WINDOWBITS) });
      // The `.gz` last: copiesStillCurrent trusts the `.br` because of it.
      writes.push(writeFile(`${file}.br`, br).then(() => writeFile(`${file}.gz`, gz)));
      compressed += 1;
    });
    await Promise.all(writes);
    await nextTurn();
  }
  return compressed;
}
