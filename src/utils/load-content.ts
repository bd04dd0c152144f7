import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFrontmatter } from '../checks/frontmatter';
import { formatProblem, sortProblems, type Problem } from '../checks/problem';
import { classifyContentFiles, listContentFiles } from '../checks/scan';
import type { Locale } from '../i18n/locales';
import { renderMdx } from '../markdown/render-mdx';
import { createMarkdownRenderer, type Heading } from '../markdown/render';
import type { ArticleFrontmatter } from '../schemas/article';
import { CategoriesFileSchema } from '../schemas/category';

/** One article file, read, validated and rendered. */
export interface SourceArticle {
  locale: Locale;
  category: string;
  id: string;
  /** The file as writers know it: `content/en/billing/refunds.md`. */
  file: string;
  frontmatter: ArticleFrontmatter;
  /** The Markdown after the frontmatter. */
  body: string;
  html: string;
  headings: Heading[];
}

export interface SourceCategory {
  locale: Locale;
  slug: string;
  title: string;
  description: string;
  order: number;
}

export interface LoadedContent {
  articles: SourceArticle[];
  categories: SourceCategory[];
}

export interface LoadContentOptions {
  contentDir: string;
  publicDir: string;
  /** Drafts are previewed by `astro dev` and never built. */
  includeDrafts: boolean;
}

/**
 * Reads every article of the help center straight from `content/`: the same layout and frontmatter
 * rules as `check:content`, then renders each article to HTML.
 *
 * The help center reads its content here rather than through an Astro content collection because the
 * collection's data store (every article's rendered HTML) is compiled into the server bundle as one
 * JavaScript module: at 10,000 articles that bundling alone took gigabytes of memory and minutes.
 *
 * @throws an error listing every content problem as `file:line: message` (run `npm run check:content`)
 */
export async function loadContent(options: LoadContentOptions): Promise<LoadedContent> {
  const root = 'content';
  const layout = classifyContentFiles(await listContentFiles(options.contentDir), root);
  const problems: Problem[] = [...layout.problems];
  const renderMarkdown = createMarkdownRenderer({ publicDir: options.publicDir });

  const categories: SourceCategory[] = [];
  for (const [locale, relativePath] of layout.categoriesFiles) {
    const file = posix.join(root, relativePath);
    const parsed = CategoriesFileSchema.safeParse(
      parseYaml(await readFile(join(options.contentDir, relativePath), 'utf8')) ?? {},
    );
    if (!parsed.success) {
      problems.push({ file, line: 1, message: 'categories.yml is invalid' });
      continue;
    }
    for (const [slug, category] of Object.entries(parsed.data)) categories.push({ locale, slug, ...category });
  }

  const articles: SourceArticle[] = [];
  for (const found of layout.articles) {
    const file = posix.join(root, found.relativePath);
    // Read synchronously: awaiting 1,200 small reads one after another left the build's main thread idle
    // ~0.7 s (a thread-pool round trip each), and nothing else runs on it meanwhile.
    const source = readFileSync(join(options.contentDir, found.relativePath), 'utf8');
    const { frontmatter, parts, problems: frontmatterProblems } = readFrontmatter(source);
    for (const problem of frontmatterProblems) problems.push({ file, ...problem });
    if (!frontmatter) continue;
    if (frontmatter.draft && !options.includeDrafts) continue;
    let rendered;
    try {
      rendered =
        found.format === 'mdx'
          ? await renderMdx(parts.body, { publicDir: options.publicDir, frontmatter })
          : renderMarkdown(parts.body);
    } catch (error) {
      const line = (error as { line?: number }).line;
      problems.push({ file, line: (line ?? 1) + parts.bodyFirstLine - 1, message: `MDX error: ${(error as Error).message}` });
      continue;
    }
    articles.push({
      locale: found.locale,
      category: found.category,
      id: found.id,
      file,
      frontmatter,
      body: parts.body,
      ...rendered,
    });
  }

  if (problems.length > 0) {
    const list = sortProblems(problems).map(formatProblem).join('\n');
    throw new Error(`The help center's content has problems (npm run check:content lists them all):\n${list}`);
  }
  return { articles, categories };
}

/**
 * A cheap fingerprint of the content folder (file count and newest change), so the dev server
 * re-reads articles only when a writer saved something.
 */
export async function contentSignature(contentDir: string): Promise<string> {
  const files = await listContentFiles(contentDir);
  let newest = 0;
  for (const file of files) newest = Math.max(newest, (await stat(join(contentDir, file))).mtimeMs);
  return `${files.length}:${newest}`;
}
