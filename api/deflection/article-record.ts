import { parse as parseYaml } from 'yaml';
import { readMarkdownSections, type MarkdownSection } from './markdown-sections';

export type { MarkdownSection as ArticleSection } from './markdown-sections';

/** What the suggestion index knows about one article: compact, plain text, no Markdown left. */
export interface ArticleRecord {
  /** Unique within its locale: the article id (`reset-password`), or a docs page's path without `.md`. */
  id: string;
  locale: string;
  /** The page URL, without `#anchor`. */
  url: string;
  title: string;
  description: string;
  /** Search terms writers add for words the text doesn't contain (misspellings, synonyms). */
  keywords: string[];
  tags: string[];
  category: string;
  /** Every section heading, in document order. */
  headings: string[];
  /** The article split at its headings, each with the anchor the page gives that heading. */
  sections: MarkdownSection[];
  /** The whole body as plain text: the intro and every section, headings included. */
  text: string;
}

/** One Markdown or MDX article as read from disk, and where it is served. */
export interface ArticleSource {
  /** The file's path (relative or absolute): `.mdx` selects MDX parsing, and its name is the title of last resort. */
  path: string;
  /** The raw file: optional YAML frontmatter, then the body. */
  source: string;
  locale: string;
  id: string;
  url: string;
  category?: string;
}

/** Frontmatter as found: any YAML mapping (Docket's, MkDocs', Docusaurus'), or nothing. */
export interface Frontmatter {
  data: Record<string, unknown>;
  body: string;
}

const FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits off YAML frontmatter. Broken or non-mapping YAML counts as none: search must not drop a page over it. */
export function readFrontmatter(source: string): Frontmatter {
  const match = FRONTMATTER.exec(source);
  if (!match) return { data: {}, body: source };
  const body = source.slice(match[0].length);
  try {
    const data: unknown = parseYaml(match[1] ?? '');
    return { data: isRecord(data) ? data : {}, body };
  } catch {
    return { data: {}, body };
  }
}

/**
 * Turns one article into the record the suggestion index is built from. Pure: the same input always gives the
 * same record. Frontmatter may be Docket's, another tool's, or absent; the title then comes from a leading
 * `# H1`, else from the file name.
 */
export function createArticleRecord(input: ArticleSource): ArticleRecord {
  const { data, body } = readFrontmatter(input.source);
  return articleRecordFromParts({ ...input, data, body });
}

/** The same record from an article whose frontmatter is already read (the build has every article parsed). */
export function articleRecordFromParts(input: Omit<ArticleSource, 'source'> & Frontmatter): ArticleRecord {
  const { data, body } = input;
  const outline = readMarkdownSections(body, { mdx: input.path.toLowerCase().endsWith('.mdx') });
  const title = stringField(data.title) ?? outline.h1 ?? titleFromPath(input.path);
  const textParts = [outline.intro];
  for (const section of outline.sections) textParts.push(section.heading, section.text);
  return {
    id: input.id,
    locale: input.locale,
    url: input.url,
    title,
    description: stringField(data.description) ?? '',
    keywords: listField(data.keywords),
    tags: listField(data.tags),
    category: input.category ?? '',
    headings: outline.sections.map((section) => section.heading),
    sections: outline.sections,
    text: textParts.filter((part) => part !== '').join('\n'),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A YAML list, or a comma-separated string as some tools write keywords. */
function listField(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.map((item) => stringField(item)).filter((item): item is string => item !== undefined);
}

function titleFromPath(path: string): string {
  const name =
    path
      .split(/[\\/]/)
      .at(-1)
      ?.replace(/\.mdx?$/i, '') ?? path;
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}
