import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markBuildStart, removeStaleFiles } from '../../src/integrations/stale-output';

let dir: string;

/** Writes a file, dated `secondsAgo` before now when given (as an earlier build would have left it). */
function write(path: string, secondsAgo?: number) {
  const file = join(dir, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, path);
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

    const removed = await removeStaleFiles(dir, started);

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

    const removed = await removeStaleFiles(dir, started, (path) => /\.(br|gz)$/.test(path));

    expect(removed).toBe(1);
    expect(readdirSync(join(dir, 'articles/kept')).sort()).toEqual(['index.html', 'index.html.br', 'index.html.gz']);
  });

  it('keeps the output directory itself, and leaves no marker behind', async () => {
    write('stale.txt', 60);
    const started = await markBuildStart(dir);

    expect(await removeStaleFiles(dir, started)).toBe(1);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes nothing when the directory does not exist', async () => {
    expect(await removeStaleFiles(join(dir, 'missing'), Date.now())).toBe(0);
  });
});
