import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { glob } from 'tinyglobby';

/** Sizes of one kind of HTML page. */
export interface PageSizes {
  count: number;
  meanRawBytes: number;
  /** Mean of the `.gz` files the build wrote (at its own level); a page without one is gzipped here at level 9. */
  meanGzipBytes: number;
  /** The page whose raw size is the median: the one the browser measurement opens. */
  medianPath: string;
}

/** What `astro build` left in `<out>/client`. */
export interface BuildOutput {
  htmlPages: number;
  enArticles: PageSizes;
  ruArticles: PageSizes;
  largestPage: { path: string; rawBytes: number; gzipBytes: number };
  pagefind: {
    files: number;
    bytes: number;
    languages: string[];
    /** Files and bytes by role: index chunks, fragments, filters, meta, wasm, the JS/CSS of Pagefind's UIs... */
    byKind: Record<string, { files: number; bytes: number }>;
  };
  /** Every file of the client build, precompressed copies included. */
  clientBytes: number;
}

async function gzipBytes(file: string): Promise<number> {
  try {
    return (await stat(`${file}.gz`)).size;
  } catch {
    return gzipSync(await readFile(file), { level: 9 }).byteLength;
  }
}

async function pageSizes(clientDir: string, pattern: string): Promise<PageSizes> {
  const paths = (await glob(pattern, { cwd: clientDir })).sort();
  const sizes: Array<{ path: string; raw: number; gzip: number }> = [];
  for (const path of paths) {
    const file = join(clientDir, path);
    sizes.push({ path, raw: (await stat(file)).size, gzip: await gzipBytes(file) });
  }
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const byRaw = [...sizes].sort((a, b) => a.raw - b.raw);
  return {
    count: sizes.length,
    meanRawBytes: mean(sizes.map((size) => size.raw)),
    meanGzipBytes: mean(sizes.map((size) => size.gzip)),
    medianPath: byRaw[Math.floor(byRaw.length / 2)]?.path ?? '',
  };
}

/** Which part of Pagefind's output a file is. */
function pagefindKind(path: string): string {
  if (/\.(br|gz)$/.test(path)) return 'precompressed copies (.br, .gz) of its scripts';
  if (path.endsWith('.pf_index')) return 'index chunks (.pf_index)';
  if (path.endsWith('.pf_fragment')) return 'fragments (.pf_fragment)';
  if (path.endsWith('.pf_filter')) return 'filters (.pf_filter)';
  if (path.endsWith('.pf_meta')) return 'meta (.pf_meta)';
  if (/^wasm\./.test(path)) return 'wasm';
  if (path === 'pagefind.js' || path === 'pagefind-entry.json' || path === 'pagefind-worker.js')
    return 'runtime (pagefind.js, entry)';
  return 'UI bundles and others (unused by Docket)';
}

/** Measures the client build: page count, article page sizes, the Pagefind index. */
export async function measureBuildOutput(clientDir: string): Promise<BuildOutput> {
  const html = await glob('**/*.html', { cwd: clientDir });
  let largestPage = { path: '', rawBytes: 0, gzipBytes: 0 };
  for (const path of html) {
    const rawBytes = (await stat(join(clientDir, path))).size;
    if (rawBytes > largestPage.rawBytes) largestPage = { path, rawBytes, gzipBytes: 0 };
  }
  if (largestPage.path) largestPage.gzipBytes = await gzipBytes(join(clientDir, largestPage.path));

  const pagefindFiles = await glob('**/*', { cwd: join(clientDir, 'pagefind') });
  const byKind: Record<string, { files: number; bytes: number }> = {};
  const languages = new Set<string>();
  let pagefindBytes = 0;
  for (const path of pagefindFiles) {
    const bytes = (await stat(join(clientDir, 'pagefind', path))).size;
    const kind = pagefindKind(path);
    const entry = (byKind[kind] ??= { files: 0, bytes: 0 });
    entry.files += 1;
    entry.bytes += bytes;
    pagefindBytes += bytes;
    const language = /^pagefind\.([a-z-]+)_[0-9a-f]+\.pf_meta$/.exec(path)?.[1];
    if (language) languages.add(language);
  }

  let clientBytes = 0;
  for (const path of await glob('**/*', { cwd: clientDir })) clientBytes += (await stat(join(clientDir, path))).size;

  return {
    htmlPages: html.length,
    enArticles: await pageSizes(clientDir, 'articles/**/index.html'),
    ruArticles: await pageSizes(clientDir, 'ru/articles/**/index.html'),
    largestPage,
    pagefind: { files: pagefindFiles.length, bytes: pagefindBytes, languages: [...languages].sort(), byKind },
    clientBytes,
  };
}
