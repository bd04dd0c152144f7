import { readdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The build writes over the previous build's files instead of emptying the output first (`emptyOutDir:
 * false` in astro.config.mjs), then removes what it didn't write. Rewriting a file keeps its inode; emptying
 * the output and writing ~6,000 new files (at 1,000 articles) made ext4 skip every inode freed in the last
 * minutes, one by one, for each new file: a rebuild took 15-16.6 s against 12-13 s in place.
 */

/** When this build began, by the clock the output's file system stamps files with. */
export async function markBuildStart(outDir: string): Promise<number> {
  const marker = join(outDir, '.build-started');
  await writeFile(marker, '');
  const { mtimeMs } = await stat(marker);
  await unlink(marker);
  return mtimeMs;
}

/**
 * Removes every file under `dir` last written before `startedMs`: what an earlier build wrote and this one
 * didn't (a deleted article's page, last build's hashed chunks), then the directories that leaves empty.
 * `keep` spares files (by their path relative to `dir`, `/`-separated) that are still to be rewritten.
 * Returns the number of files removed. Synchronous on purpose: the build has nothing else to do meanwhile,
 * and a round trip through libuv's threads for every file made the walk of a 1,000-article build (~5,000
 * files) take 0.6 s instead of a few tens of ms.
 */
export function removeStaleFiles(dir: string, startedMs: number, keep: (path: string) => boolean = () => false): number {
  let removed = 0;
  const sweep = (current: string): boolean => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return false; // Not there: nothing to remove.
    }
    let left = entries.length;
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (sweep(path)) left -= 1;
        continue;
      }
      if (keep(relative(dir, path).split(sep).join('/'))) continue;
      if (statSync(path).mtimeMs >= startedMs) continue;
      unlinkSync(path);
      removed += 1;
      left -= 1;
    }
    if (left > 0 || current === dir) return false;
    rmdirSync(current);
    return true;
  };
  sweep(dir);
  return removed;
}

/**
 * Removes what Pagefind's last run left in `pagefindDir` and this one no longer uses. Pagefind names its
 * index files by their content (`fragment/en_84fbb01.pf_fragment`) and doesn't write one whose name
 * exists, so an unchanged page keeps its file, written builds ago: age can't tell a stale file from one in
 * use. Only the files named in the index are in use: the metadata of each language, listed in
 * `pagefind-entry.json`, names every fragment, index chunk and filter of that language. A file written
 * before `startedMs` whose name is nowhere in it goes. Resolves with the number of files removed.
 */
export async function removeStalePagefindFiles(pagefindDir: string, startedMs: number): Promise<number> {
  const entry = JSON.parse(await readFile(join(pagefindDir, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { hash: string }>;
  };
  const metaFiles = Object.values(entry.languages).map(({ hash }) => `pagefind.${hash}.pf_meta`);
  // Gzip holding Pagefind's CBOR, where names are plain UTF-8 strings.
  const metadata = await Promise.all(metaFiles.map(async (name) => gunzipSync(await readFile(join(pagefindDir, name)))));
  const named = (file: string) => {
    const stem = Buffer.from(basename(file).replace(/\.pf_\w+$/, ''));
    return metaFiles.includes(basename(file)) || metadata.some((meta) => meta.includes(stem));
  };
  return removeStaleFiles(pagefindDir, startedMs, (path) => /\.pf_\w+$/.test(path) && named(path));
}
