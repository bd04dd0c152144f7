import { posix } from 'node:path';
import { glob } from 'tinyglobby';
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from '../i18n/locales';
import { SlugSchema } from '../schemas/article';
import type { Problem } from './problem';
import { suggestSlug } from './suggest';

/** An article file where the build looks for one: `<locale>/<category>/<id>.md(x)`. */
export interface ArticleFile {
  locale: Locale;
  /** The category slug: the folder name. */
  category: string;
  /** The article id: the file name without its extension. */
  id: string;
  format: 'md' | 'mdx';
  /** Path relative to the content folder, with `/` separators. */
  relativePath: string;
}

/** Where things are in the content folder, and what is somewhere the build won't look. */
export interface ContentLayout {
  articles: ArticleFile[];
  /** `<locale>/categories.yml`, relative to the content folder, for each locale that has one. */
  categoriesFiles: Map<Locale, string>;
  problems: Problem[];
}

const ARTICLE_FILE = /^(.+)\.(md|mdx)$/;
// Files a writer meant as articles but that the build's `*.{md,mdx}` pattern would silently skip.
const LOOKS_LIKE_ARTICLE = /\.(md|mdx|markdown|mdown)$/i;

/** Every file under the content folder, except those in or named with a leading `_` (the build skips them too). */
export async function listContentFiles(contentDir: string): Promise<string[]> {
  const files = await glob('**/*', { cwd: contentDir, onlyFiles: true, dot: false, ignore: ['**/_*', '**/_*/**'] });
  return files.sort();
}

/**
 * Sorts the content folder's files into articles and categories files, and reports files the
 * build would skip without a word (wrong folder, wrong extension, unknown locale) and names that
 * can't be ids.
 *
 * @param files paths relative to the content folder, `/`-separated
 * @param root the content folder as problems should name it (`content`)
 */
export function classifyContentFiles(files: readonly string[], root: string): ContentLayout {
  const articles: ArticleFile[] = [];
  const categoriesFiles = new Map<Locale, string>();
  const problems: Problem[] = [];
  const report = (relativePath: string, message: string) =>
    problems.push({ file: posix.join(root, relativePath), line: 1, message });
  const reportedFolders = new Set<string>();

  for (const relativePath of [...files].sort()) {
    const parts = relativePath.split('/');
    const name = parts[parts.length - 1] ?? '';
    const [locale, category] = parts;
    if (locale === undefined) continue;

    if (parts.length === 1) {
      if (name !== 'README.md' && LOOKS_LIKE_ARTICLE.test(name)) {
        report(
          relativePath,
          `not published: an article goes in a locale and a category folder, like ${posix.join(root, DEFAULT_LOCALE, '<category>', name)}`,
        );
      }
      continue;
    }

    if (!isLocale(locale)) {
      if (LOOKS_LIKE_ARTICLE.test(name) && !reportedFolders.has(locale)) {
        reportedFolders.add(locale);
        report(relativePath, `not published: "${locale}" is not a locale of the help center (${LOCALES.join(', ')})`);
      }
      continue;
    }

    if (parts.length === 2) {
      if (name === 'categories.yml') categoriesFiles.set(locale, relativePath);
      else if (/^categories\.ya?ml$/i.test(name))
        report(relativePath, 'not read: the categories file must be named categories.yml');
      else if (LOOKS_LIKE_ARTICLE.test(name)) {
        report(
          relativePath,
          `not published: an article goes in a category folder, like ${posix.join(root, locale, '<category>', name)}`,
        );
      }
      continue;
    }

    if (parts.length > 3 || category === undefined) {
      if (LOOKS_LIKE_ARTICLE.test(name)) {
        report(
          relativePath,
          `not published: an article goes directly in its category folder (${posix.join(root, locale, category ?? '')}/), not in a subfolder`,
        );
      }
      continue;
    }

    const match = ARTICLE_FILE.exec(name);
    if (!match) {
      // Images and other files next to an article are fine: articles may show them by relative path.
      if (LOOKS_LIKE_ARTICLE.test(name)) report(relativePath, 'not published: an article file must end in .md or .mdx');
      continue;
    }
    const id = match[1] ?? '';
    const format = match[2] === 'mdx' ? 'mdx' : 'md';
    articles.push({ locale, category, id, format, relativePath });

    const idProblem = slugProblem(id);
    if (idProblem) {
      const suggestion = suggestSlug(id);
      const rename = suggestion ? `; rename the file to ${suggestion}.${format}` : '';
      report(relativePath, `file name "${id}" is not a valid article id: it ${idProblem}${rename}`);
    }
    const folder = `${locale}/${category}`;
    const categoryProblem = slugProblem(category);
    if (categoryProblem && !reportedFolders.has(folder)) {
      reportedFolders.add(folder);
      const suggestion = suggestSlug(category);
      const rename = suggestion ? `; rename the folder to ${suggestion}` : '';
      report(relativePath, `folder name "${category}" is not a valid category slug: it ${categoryProblem}${rename}`);
    }
  }
  return { articles, categoriesFiles, problems };
}

/** What is wrong with a name as an id or slug, in the schema's words; undefined when it is fine. */
export function slugProblem(name: string): string | undefined {
  const result = SlugSchema.safeParse(name);
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'is not valid');
}
