import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEMPORARY = 'temporary-quokka';
const UNCHANGED = 'articles/change-email-address/index.html';
const UNCHANGED_URL = '/articles/change-email-address/';

let work: string;
let contentDir: string;
// The server bundle imports packages from the repository's node_modules, so the output lives inside it.
const outDir = join(REPO_ROOT, '.test-builds', `rebuild-${process.pid}`);

/** Builds the help center from `contentDir` into `outDir` the way `npm run build` does; throws with the log if it fails. */
function build() {
  const result = spawnSync('sh', [join(REPO_ROOT, 'scripts', 'astro-build.sh'), '--outDir', outDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, DOCKET_CONTENT_DIR: contentDir, DOCKET_CACHE_DIR: join(work, 'cache'), NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`astro build failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * What Pagefind's index holds: its page count per language, its fragment files (a page's result excerpt,
 * named by content) by the URL of their page, and how many of them contain `word`.
 */
function searchIndex(word: string) {
  const pagefind = join(outDir, 'client', 'pagefind');
  const entry = JSON.parse(readFileSync(join(pagefind, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  const fragmentFiles = new Map<string, string>();
  let fragmentsWithWord = 0;
  for (const name of readdirSync(join(pagefind, 'fragment'))) {
    const file = join(pagefind, 'fragment', name);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    fragmentFiles.set(/"url":"([^"]+)"/.exec(text)?.[1] ?? name, file);
    if (text.includes(word)) fragmentsWithWord += 1;
  }
  const pages = Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  return { englishPages: entry.languages.en?.page_count, pages, fragmentFiles, fragmentsWithWord };
}

/** Every file under `dir` last written before `time`. */
function writtenBefore(dir: string, time: number): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => statSync(file).mtimeMs < time);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'docket-rebuild-'));
  contentDir = join(work, 'content');
  cpSync(join(REPO_ROOT, 'content'), contentDir, { recursive: true });
  writeFileSync(
    join(contentDir, 'en', 'account-and-security', `${TEMPORARY}.md`),
    [
      '---',
      'title: Quokkaquest temporary article',
      'description: An article the writer deletes before the next build.',
      'tags: [account]',
      'keywords: [quokkaquest]',
      'order: 99',
      'updated: 2026-11-27',
      '---',
      '',
      'Quokkaquest is a word no other article uses.',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('building again over the last build', () => {
  it('rewrites the pages in place and takes a deleted article out of the site and its search index', () => {
    build();
    const first = searchIndex('quokkaquest');
    expect(existsSync(join(outDir, 'client', 'articles', TEMPORARY, 'index.html'))).toBe(true);
    expect(first.fragmentsWithWord).toBe(1);
    const unchanged = join(outDir, 'client', UNCHANGED);
    const unchangedFragment = first.fragmentFiles.get(UNCHANGED_URL) ?? '';
    const inodes = [statSync(unchanged).ino, statSync(`${unchanged}.br`).ino, statSync(unchangedFragment).ino];

    rmSync(join(contentDir, 'en', 'account-and-security', `${TEMPORARY}.md`));
    const secondStarted = Date.now() - 1; // file times are coarser than Date.now(): allow their rounding
    const log = build();

    expect(existsSync(join(outDir, 'client', 'articles', TEMPORARY))).toBe(false);
    const second = searchIndex('quokkaquest');
    expect(second.fragmentsWithWord).toBe(0);
    expect(second.englishPages).toBe((first.englishPages ?? 0) - 1);
    // One fragment per indexed page: none of the first build's is left over.
    expect(second.fragmentFiles.size).toBe(second.pages);
    // The same files, written over (and Pagefind's, not written again): the point of building in place.
    expect(second.fragmentFiles.get(UNCHANGED_URL)).toBe(unchangedFragment);
    expect([statSync(unchanged).ino, statSync(`${unchanged}.br`).ino, statSync(unchangedFragment).ino]).toEqual(inodes);
    // Nothing of the first build survives unless the second wrote it again, or Pagefind's index still names it.
    const pagefindIndexFiles = /\/client\/pagefind\/(fragment\/|index\/|filter\/|pagefind\.)[^/]+\.pf_\w+$/;
    expect(writtenBefore(outDir, secondStarted).filter((file) => !pagefindIndexFiles.test(file))).toEqual([]);
    expect(log).toMatch(/Removed \d+ files? the previous build wrote and this one didn't/);
  }, 240_000);
});
