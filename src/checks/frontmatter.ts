import { ArticleFrontmatterSchema, type ArticleFrontmatter } from '../schemas/article';
import type { LineProblem } from './problem';
import { describeIssue, type IssueWording } from './zod-issues';
import { parseYaml, type DataPath } from './yaml-source';

/** An article file cut into its frontmatter and its Markdown body. */
export interface ArticleSource {
  /** The YAML between the `---` lines, or undefined when the file has no (closed) frontmatter block. */
  yaml: string | undefined;
  /** The line of the opening `---` (1 when there is none): missing fields are reported there. */
  openLine: number;
  /** The file opens a frontmatter block but never closes it. */
  unclosed: boolean;
  /** The Markdown after the closing `---`, as the build renders it. */
  body: string;
  /** The file line the body starts on, so Markdown positions become file lines. */
  bodyFirstLine: number;
}

/** The frontmatter of an article, validated, with problems on the lines they are written on. */
export interface FrontmatterResult {
  /** The file cut into frontmatter and body. */
  parts: ArticleSource;
  /** The validated frontmatter, or null when it has problems. */
  frontmatter: ArticleFrontmatter | null;
  /** The fields as written (even when invalid): MDX headings may quote them as `{frontmatter.title}`. */
  fields: Record<string, unknown>;
  problems: LineProblem[];
  /** The file line of a frontmatter value (`['related', 2]`); the opening `---` when it isn't written. */
  lineOf(path: DataPath): number;
}

const ARTICLE_WORDING: IssueWording = {
  knownFields: Object.keys(ArticleFrontmatterSchema.shape),
  fields: {
    title: { expected: 'must be text' },
    description: { expected: 'must be text' },
    tags: { expected: 'must be a list of words', entry: 'tag' },
    keywords: { expected: 'must be a list of words or phrases', entry: 'keyword' },
    order: { expected: 'must be a whole number' },
    updated: { expected: 'must be a date (YYYY-MM-DD)' },
    draft: { expected: 'must be true or false' },
    related: { expected: 'must be a list of article ids', entry: 'related id' },
  },
};

/**
 * Cuts an article file into frontmatter and body the way the build does: the file starts (after
 * blank lines, if any) with a `---` line, and the next `---` line closes the block.
 */
export function splitArticleSource(source: string): ArticleSource {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  let open = 0;
  while (open < lines.length && (lines[open] ?? '').trim() === '') open++;
  if ((lines[open] ?? '').trimEnd() !== '---') {
    return { yaml: undefined, openLine: 1, unclosed: false, body: lines.join('\n'), bodyFirstLine: 1 };
  }
  let close = open + 1;
  while (close < lines.length && (lines[close] ?? '').trimEnd() !== '---') close++;
  if (close >= lines.length) {
    return { yaml: undefined, openLine: open + 1, unclosed: true, body: lines.join('\n'), bodyFirstLine: 1 };
  }
  return {
    yaml: lines.slice(open + 1, close).join('\n'),
    openLine: open + 1,
    unclosed: false,
    body: lines.slice(close + 1).join('\n'),
    bodyFirstLine: close + 2,
  };
}

/**
 * Parses and validates an article's frontmatter, reporting every problem on the line of the field
 * it is about (or of the opening `---` when the field is missing).
 */
export function readFrontmatter(source: string): FrontmatterResult {
  const parts = splitArticleSource(source);
  const failed = (problems: LineProblem[]): FrontmatterResult => ({
    parts,
    frontmatter: null,
    fields: {},
    problems,
    lineOf: () => parts.openLine,
  });

  if (parts.yaml === undefined) {
    return failed([
      {
        line: parts.openLine,
        message: parts.unclosed
          ? 'frontmatter is not closed: add a line with --- after the last field'
          : 'missing frontmatter: start the file with a block of fields between --- lines (title, description, updated)',
      },
    ]);
  }

  const parsed = parseYaml(parts.yaml, parts.openLine + 1);
  if (!parsed.ok) return failed([{ line: parsed.line, message: parsed.message }]);
  const data = parsed.data ?? {}; // an empty block is no fields, so each required one is reported
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    return failed([
      { line: parts.openLine + 1, message: 'frontmatter must be fields, one per line, like "title: Reset your password"' },
    ]);
  }
  const fields = data as Record<string, unknown>;
  const lineOf = (path: DataPath) => parsed.lineOf(path) ?? parts.openLine;

  const result = ArticleFrontmatterSchema.safeParse(fields);
  const problems: LineProblem[] = result.success
    ? []
    : result.error.issues.flatMap((issue) =>
        describeIssue(issue, fields, ARTICLE_WORDING).map(({ path, message }) => ({ line: lineOf(path), message })),
      );
  const impossible = impossibleDate(parsed.sourceOf(['updated']));
  if (impossible) problems.push({ line: lineOf(['updated']), message: impossible });

  const frontmatter = result.success && problems.length === 0 ? result.data : null;
  return { parts, frontmatter, fields, problems, lineOf };
}

/**
 * YAML and the schema both turn `2026-02-30` into 2 March without a word; the writer meant another
 * day, so say so.
 */
function impossibleDate(written: string | undefined): string | undefined {
  const date = written?.replace(/^["']|["']$/g, '');
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date) return undefined;
  return `updated must be a real date (${date} is not in the calendar)`;
}
