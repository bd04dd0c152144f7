import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, posix, sep } from 'node:path';
import { LOCALES, type Locale } from '../i18n/locales';
import type { ArticleFrontmatter } from '../schemas/article';
import { readCategories } from './categories';
import { readFrontmatter } from './frontmatter';
import { checkLink, checkRelated, type LinkContext, type SiteArticle, type SiteIndex } from './links';
import { readMarkdown, type ArticleHeading, type MarkdownLink } from './markdown';
import { sortProblems, type Problem } from './problem';
import { classifyContentFiles, listContentFiles, slugProblem, type ArticleFile } from './scan';
import type { DataPath } from './yaml-source';

/** One article file, read and parsed: what the checks found out about it, for the build to reuse. */
export interface LoadedArticle {
  locale: Locale;
  /** The category slug (its folder name). */
  category: string;
  /** The article id (its file name); translations share it. */
  id: string;
  /** The file as problems name it: `content/en/billing/refunds.md`. */
  file: string;
  format: 'md' | 'mdx';
  /** The validated frontmatter, or null when it has problems (they are reported). */
  frontmatter: ArticleFrontmatter | null;
  /** Headings in document order, with the ids the build gives them. */
  headings: ArticleHeading[];
  /** The Markdown after the frontmatter. */
  body: string;
}

export interface ContentCheckOptions {
  /** The content folder (`content`); problems name files under it as given here. */
  contentDir: string;
  /** The folder served at the site root (`public`), where `/images/x.png` is looked up. */
  publicDir: string;
}

export interface ContentCheckResult {
  /** Every problem found, sorted by file and line. */
  problems: Problem[];
  /** Every article file in a place the build reads, in file order, valid or not. */
  articles: LoadedArticle[];
}

/** What the cross-checks need beyond LoadedArticle; kept out of the public type. */
interface ArticleRecord {
  article: LoadedArticle;
  /** On disk, for relative images. */
  path: string;
  anchors: Set<string>;
  links: MarkdownLink[];
  imagesWithoutAlt: MarkdownLink[];
  lineOf(path: DataPath): number;
}

/**
 * Checks the whole content folder the way the build will read it: layout, frontmatter,
 * categories, links, images, anchors, related articles and duplicate ids. Reports every problem,
 * not just the first.
 *
 * @throws only when the content folder can't be read at all; writer mistakes are problems.
 */
export async function checkContent(options: ContentCheckOptions): Promise<ContentCheckResult> {
  const root = displayPath(options.contentDir);
  if (!isDirectory(options.contentDir)) throw new Error(`content folder "${options.contentDir}" does not exist`);

  const layout = classifyContentFiles(await listContentFiles(options.contentDir), root);
  const problems: Problem[] = [...layout.problems];

  const categories = new Map<Locale, Set<string> | undefined>();
  for (const locale of LOCALES) {
    const relativePath = layout.categoriesFiles.get(locale);
    if (relativePath === undefined) {
      categories.set(locale, new Set());
      continue;
    }
    const result = readCategories(await readFile(join(options.contentDir, relativePath), 'utf8'));
    const file = posix.join(root, relativePath);
    for (const problem of result.problems) problems.push({ file, ...problem });
    categories.set(locale, result.slugs);
  }

  const records = await Promise.all(layout.articles.map((articleFile) => loadArticle(articleFile, options.contentDir, root)));
  for (const record of records) problems.push(...record.problems);
  const articles = records.map((record) => record.record);

  problems.push(...checkCategoryEntries(layout.articles, categories, layout.categoriesFiles, root));
  problems.push(...checkDuplicateIds(articles));

  const site = createSiteIndex(articles, categories);
  const context: LinkContext = {
    site,
    publicDir: options.publicDir,
    displayPublicDir: displayPath(options.publicDir),
    isFile: createFileCache(),
  };
  for (const record of articles) problems.push(...checkArticleLinks(record, site, context));

  return { problems: sortProblems(problems), articles: articles.map((record) => record.article) };
}

async function loadArticle(articleFile: ArticleFile, contentDir: string, root: string) {
  const path = join(contentDir, articleFile.relativePath);
  const file = posix.join(root, articleFile.relativePath);
  const source = await readFile(path, 'utf8');
  const problems: Problem[] = [];

  const frontmatter = readFrontmatter(source);
  for (const problem of frontmatter.problems) problems.push({ file, ...problem });
  const markdown = readMarkdown(frontmatter.parts.body, {
    mdx: articleFile.format === 'mdx',
    firstLine: frontmatter.parts.bodyFirstLine,
    fields: frontmatter.fields,
  });
  if (!markdown.ok) problems.push({ file, line: markdown.line, message: markdown.message });

  const record: ArticleRecord = {
    article: {
      locale: articleFile.locale,
      category: articleFile.category,
      id: articleFile.id,
      file,
      format: articleFile.format,
      frontmatter: frontmatter.frontmatter,
      headings: markdown.ok ? markdown.headings : [],
      body: frontmatter.parts.body,
    },
    path,
    anchors: markdown.ok ? markdown.anchors : new Set(),
    links: markdown.ok ? markdown.links : [],
    imagesWithoutAlt: markdown.ok ? markdown.imagesWithoutAlt : [],
    lineOf: frontmatter.lineOf,
  };
  return { record, problems };
}

/** Each category folder needs an entry in its locale's categories.yml; said once, on its first article. */
function checkCategoryEntries(
  files: readonly ArticleFile[],
  categories: ReadonlyMap<Locale, Set<string> | undefined>,
  categoriesFiles: ReadonlyMap<Locale, string>,
  root: string,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const articleFile of files) {
    const folder = `${articleFile.locale}/${articleFile.category}`;
    if (seen.has(folder)) continue;
    seen.add(folder);
    const slugs = categories.get(articleFile.locale);
    // An unreadable categories.yml is reported itself; a bad folder name is reported by the scan.
    if (!slugs || slugs.has(articleFile.category) || slugProblem(articleFile.category)) continue;
    const categoriesFile = posix.join(root, articleFile.locale, 'categories.yml');
    const missing = categoriesFiles.has(articleFile.locale) ? '' : ', which does not exist';
    problems.push({
      file: posix.join(root, articleFile.relativePath),
      line: 1,
      message: `category "${articleFile.category}" has no entry in ${categoriesFile}${missing} (add its title and description there)`,
    });
  }
  return problems;
}

/** Two files with one id in one locale would be one page; each is told about the other. */
function checkDuplicateIds(records: readonly ArticleRecord[]): Problem[] {
  const byId = new Map<string, LoadedArticle[]>();
  for (const { article } of records) {
    const key = `${article.locale}/${article.id}`;
    byId.set(key, [...(byId.get(key) ?? []), article]);
  }
  const problems: Problem[] = [];
  for (const sameId of byId.values()) {
    if (sameId.length < 2) continue;
    for (const article of sameId) {
      const others = sameId.filter((other) => other !== article).map((other) => other.file);
      problems.push({
        file: article.file,
        line: 1,
        message: `id "${article.id}" is also used by ${others.join(', ')} (ids must be unique within a locale)`,
      });
    }
  }
  return problems;
}

function createSiteIndex(records: readonly ArticleRecord[], categories: ReadonlyMap<Locale, Set<string> | undefined>): SiteIndex {
  const articles = new Map<string, SiteArticle & { category: string }>();
  for (const { article, anchors } of records) {
    const key = `${article.locale}/${article.id}`;
    if (articles.has(key)) continue; // a duplicate id is reported on its own
    // Frontmatter we couldn't validate counts as published: its problems are reported already.
    const draft = article.frontmatter?.draft ?? false;
    articles.set(key, { locale: article.locale, id: article.id, category: article.category, draft, anchors });
  }
  const count = (withDrafts: boolean, matches: (article: SiteArticle & { category: string }) => boolean) => {
    let total = 0;
    for (const article of articles.values()) if ((withDrafts || !article.draft) && matches(article)) total++;
    return total;
  };
  return {
    article: (locale, id) => articles.get(`${locale}/${id}`),
    // When categories.yml can't be read, its problem is reported; don't also fail every category link.
    listsCategory: (locale, slug) => categories.get(locale)?.has(slug) ?? true,
    articlesInCategory: (locale, slug, withDrafts) =>
      count(withDrafts, (article) => article.locale === locale && article.category === slug),
    articlesInLocale: (locale, withDrafts) => count(withDrafts, (article) => article.locale === locale),
  };
}

function checkArticleLinks(record: ArticleRecord, site: SiteIndex, context: LinkContext): Problem[] {
  const { article } = record;
  const draft = article.frontmatter?.draft ?? false;
  const problems: Problem[] = [];
  const source = {
    locale: article.locale,
    id: article.id,
    draft,
    anchors: record.anchors,
    dir: dirname(record.path),
    displayDir: posix.dirname(article.file),
  };
  for (const link of record.links) {
    const message = checkLink(link, source, context);
    if (message) problems.push({ file: article.file, line: link.line, message });
  }
  for (const image of record.imagesWithoutAlt) {
    problems.push({
      file: article.file,
      line: image.line,
      message: `image ${image.url} has no alt text (describe what it shows, for readers who can't see it)`,
    });
  }

  const related = article.frontmatter?.related ?? [];
  const listed = new Set<string>();
  related.forEach((relatedId, index) => {
    const line = record.lineOf(['related', index]);
    if (listed.has(relatedId)) {
      problems.push({ file: article.file, line, message: `related lists "${relatedId}" twice` });
      return;
    }
    listed.add(relatedId);
    const message = checkRelated(relatedId, source, site);
    if (message) problems.push({ file: article.file, line, message });
  });
  return problems;
}

/** `content`, `./content` and `content/` all name files as `content/en/...`, with `/` on every OS. */
function displayPath(dir: string): string {
  const normalized = posix.normalize(dir.split(sep).join('/'));
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Many articles show the same image; look each file up once. */
function createFileCache(): (path: string) => boolean {
  const known = new Map<string, boolean>();
  return (path) => {
    let exists = known.get(path);
    if (exists === undefined) {
      try {
        exists = statSync(path).isFile();
      } catch {
        exists = false;
      }
      known.set(path, exists);
    }
    return exists;
  };
}
