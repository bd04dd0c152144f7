import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isLocale } from '../../src/i18n/locales';
import { urls } from '../../src/utils/urls';
import { createArticleRecord, readFrontmatter, type ArticleRecord } from './article-record';

/** How to read a folder of Markdown. */
export interface LoadCorpusOptions {
  /**
   * Docket layout: load only this locale. A plain docs folder: the locale its pages are in (default `en`).
   */
  locale?: string;
}

const MARKDOWN = /\.mdx?$/i;

/**
 * Reads every article of a folder into records, recursively, in a stable order. Two layouts:
 *
 * - Docket's `content/<locale>/<category>/<id>.md` (recognised by its locale folders): URLs as the help center
 *   serves them (`/articles/<id>/`, `/ru/articles/<id>/`).
 * - Any other docs folder (MkDocs, Docusaurus): id = path without `.md`, URL = `/<id>/` (`index` pages are
 *   served at their folder, as those tools do).
 *
 * Files and folders starting with `_` are skipped, and so are drafts (`draft: true`).
 */
export async function loadMarkdownCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<ArticleRecord[]> {
  const files = (await listMarkdown(dir)).sort();
  const docketLayout = isDocketLayout(dir, files);
  const records: ArticleRecord[] = [];
  for (const file of files) {
    const path = relative(dir, file).split(sep).join('/');
    const source = await readFile(file, 'utf8');
    if (readFrontmatter(source).data.draft === true) continue;
    const segments = path.split('/');
    const id = (segments.at(-1) ?? path).replace(MARKDOWN, '');
    if (docketLayout) {
      const [locale, category] = segments;
      if (segments.length !== 3 || !locale || !category || !isLocale(locale)) continue;
      if (options.locale && options.locale !== locale) continue;
      records.push(createArticleRecord({ path, source, locale, id, category, url: urls.article(locale, id) }));
    } else {
      const pageId = path.replace(MARKDOWN, '');
      const served = pageId === 'index' ? '' : pageId.replace(/\/index$/, '');
      records.push(
        createArticleRecord({
          path,
          source,
          locale: options.locale ?? 'en',
          id: pageId,
          category: segments.length > 1 ? (segments[0] ?? '') : '',
          url: served ? `/${served}/` : '/',
        }),
      );
    }
  }
  return records;
}

/** Docket's content folder: locale folders at the top, each with its `categories.yml`. */
function isDocketLayout(dir: string, files: readonly string[]): boolean {
  const topFolders = new Set(
    files
      .map((file) => relative(dir, file).split(sep))
      .filter((s) => s.length > 1)
      .map((s) => s[0]),
  );
  return (
    topFolders.size > 0 &&
    [...topFolders].every((name) => name !== undefined && isLocale(name) && existsSync(join(dir, name, 'categories.yml')))
  );
}

async function listMarkdown(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listMarkdown(path)));
    else if (entry.isFile() && MARKDOWN.test(entry.name)) found.push(path);
  }
  return found;
}
