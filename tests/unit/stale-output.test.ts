import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markBuildStart, removeStaleFiles, removeStalePagefindFiles } from '../../src/integrations/stale-output';

let dir: string;

/** Writes a file, dated `secondsAgo` before now when given (as an earlier build would have left it). */
function write(path: string, secondsAgo?: number, content: string | Buffer = path) {
  const file = join(dir, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  if (secondsAgo !== undefined) {
    const then = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, then, then);
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'docket-stale-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('removing what the previous build left', () => {
  it('removes the files written before the build began, and the directories that leaves empty', async () => {
    write('articles/deleted/index.html', 60);
    write('articles/deleted/index.html.br', 60);
    write('_astro/old.AbC.css', 60);
    const started = await markBuildStart(dir);
    write('articles/kept/index.html');
    write('_astro/new.XyZ.css');

    const removed = removeStaleFiles(dir, started);

    expect(removed).toBe(3);
    expect(existsSync(join(dir, 'articles/deleted'))).toBe(false);
    expect(existsSync(join(dir, 'articles/kept/index.html'))).toBe(true);
    expect(readdirSync(join(dir, '_astro'))).toEqual(['new.XyZ.css']);
  });

  it('spares the files it is told will still be rewritten', async () => {
    write('articles/kept/index.html.br', 60);
    write('articles/kept/index.html.gz', 60);
    write('articles/deleted/index.html', 60);
    const started = await markBuildStart(dir);
    write('articles/kept/index.html');

    const removed = removeStaleFiles(dir, started, (path) => /\.(br|gz)$/.test(path));

    expect(removed).toBe(1);
    expect(readdirSync(join(dir, 'articles/kept')).sort()).toEqual(['index.html', 'index.html.br', 'index.html.gz']);
  });

  it('keeps the output directory itself, and leaves no marker behind', async () => {
    write('stale.txt', 60);
    const started = await markBuildStart(dir);

    expect(removeStaleFiles(dir, started)).toBe(1);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps Pagefind's files its index still names, however old, and removes the rest", async () => {
    // An index whose English metadata names one fragment and one index chunk of the last build.
    write('pagefind.en_meta1.pf_meta', 60, gzipSync('pagefind_dcd…en_frag001…en_chunk01…'));
    write('fragment/en_frag001.pf_fragment', 60);
    write('index/en_chunk01.pf_index', 60);
    write('fragment/en_gone001.pf_fragment', 60);
    write('pagefind.en_meta0.pf_meta', 60);
    write('pagefind-ui.css', 60);
    const started = await markBuildStart(dir);
    write('pagefind-entry.json', undefined, JSON.stringify({ languages: { en: { hash: 'en_meta1' } } }));
    write('fragment/en_frag002.pf_fragment');

    const removed = await removeStalePagefindFiles(dir, started);

    expect(removed).toBe(3);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual([
      'fragment',
      'fragment/en_frag001.pf_fragment',
      'fragment/en_frag002.pf_fragment',
      'index',
      'index/en_chunk01.pf_index',
      'pagefind-entry.json',
      'pagefind.en_meta1.pf_meta',
    ]);
  });

  it('removes nothing when the directory does not exist', async () => {
    expect(removeStaleFiles(join(dir, 'missing'), Date.now())).toBe(0);
  });
});
