import type { Heading, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { createHeadingSlugger, markdownHeadings } from '../markdown/render';

/** A heading of an article and the id the build gives it (the `#anchor` links use). */
export interface ArticleHeading {
  depth: number;
  /** The heading's plain text, as the id is made from it. */
  text: string;
  slug: string;
  /** File line of the heading. */
  line: number;
}

/** A link or image target written in an article. */
export interface MarkdownLink {
  kind: 'link' | 'image';
  /** The target exactly as written: `/articles/x/#setup`, `./diagram.png`. */
  url: string;
  line: number;
  /** Written as an HTML or JSX tag: the build resolves relative image paths only in `![alt](path)`. */
  tag: boolean;
}

/** What the checks need to know about an article's Markdown. */
export interface MarkdownOutline {
  headings: ArticleHeading[];
  /** Every `#anchor` the page has: heading ids plus `id` attributes written in HTML or JSX. */
  anchors: Set<string>;
  links: MarkdownLink[];
  /** Images a screen reader can say nothing about. */
  imagesWithoutAlt: MarkdownLink[];
}

export type MarkdownResult = ({ ok: true } & MarkdownOutline) | { ok: false; line: number; message: string };

export interface MarkdownOptions {
  /** Parse as MDX (JSX and expressions) rather than Markdown. */
  mdx: boolean;
  /** The file line the body starts on, so positions are reported as file lines. */
  firstLine: number;
  /** The frontmatter fields, which MDX headings can quote as `{frontmatter.title}`. */
  fields: Readonly<Record<string, unknown>>;
}

// A raw HTML tag alone adds nothing to a heading's id; the build skips exactly these (see below).
const LONE_TAG = /^\n?<.*>\n?$/;
const HTML_TAG = /<(a|img)\b([^>]*)>/gi;
const HTML_ID = /<[a-z][\w-]*\s[^>]*?\bid\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/**
 * Reads the headings (with the ids the build gives them), links and images of an article body.
 *
 * Heading ids are the help center's own (`src/markdown/render.ts`): for Markdown, taken from the very
 * renderer that builds the page; for MDX, from the same GFM + SmartyPants text that render-mdx slugs.
 */
export function readMarkdown(body: string, options: MarkdownOptions): MarkdownResult {
  const processor = unified().use(remarkParse).use(remarkGfm);
  if (options.mdx) processor.use(remarkMdx);
  processor.use(remarkSmartypants);

  // Blank lines in place of the frontmatter keep Markdown positions equal to file lines.
  const text = '\n'.repeat(options.firstLine - 1) + body;
  let tree: Root;
  try {
    tree = processor.runSync(processor.parse(text)) as Root;
  } catch (error) {
    // Only MDX can fail to parse; its messages (from micromark) say what is wrong and where.
    const line =
      typeof error === 'object' && error && 'line' in error && typeof error.line === 'number' ? error.line : options.firstLine;
    const reason = error instanceof Error && 'reason' in error && typeof error.reason === 'string' ? error.reason : String(error);
    return { ok: false, line, message: `MDX syntax error: ${reason}` };
  }

  const headings: ArticleHeading[] = [];
  const anchors = new Set<string>();
  const links: MarkdownLink[] = [];
  const imagesWithoutAlt: MarkdownLink[] = [];
  const definitions = new Map<string, { url: string; line: number }>();
  const references = new Map<string, Set<MarkdownLink['kind']>>();
  const slug = createHeadingSlugger();

  visit(tree, (node) => {
    const line = node.position?.start.line ?? options.firstLine;
    switch (node.type) {
      case 'heading': {
        // Markdown headings come from the site's own renderer below; MDX ones are read here, as render-mdx does.
        if (!options.mdx) break;
        const headingText = textOfHeading(node, options.fields).trim();
        const id = slug(headingText);
        headings.push({ depth: node.depth, text: headingText, slug: id, line });
        anchors.add(id);
        break;
      }
      case 'link':
        links.push({ kind: 'link', url: node.url, line, tag: false });
        break;
      case 'image':
        links.push({ kind: 'image', url: node.url, line, tag: false });
        if (!node.alt?.trim()) imagesWithoutAlt.push({ kind: 'image', url: node.url, line, tag: false });
        break;
      case 'definition':
        definitions.set(node.identifier, { url: node.url, line });
        break;
      case 'linkReference':
      case 'imageReference': {
        const kind = node.type === 'linkReference' ? 'link' : 'image';
        const kinds = references.get(node.identifier) ?? new Set();
        references.set(node.identifier, kinds.add(kind));
        if (node.type === 'imageReference' && !node.alt?.trim()) {
          imagesWithoutAlt.push({ kind, url: `[${node.label ?? node.identifier}]`, line, tag: false });
        }
        break;
      }
      case 'html':
        readHtml(node.value, line, links, imagesWithoutAlt, anchors);
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const attribute = (name: string) => node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
        const stringValue = (name: string) => {
          const value = attribute(name)?.value;
          return typeof value === 'string' ? value : undefined;
        };
        const href = stringValue('href');
        if (href !== undefined) links.push({ kind: 'link', url: href, line, tag: true });
        const id = stringValue('id');
        if (id !== undefined) anchors.add(id);
        const src = stringValue('src');
        if (node.name === 'img' && src !== undefined) {
          links.push({ kind: 'image', url: src, line, tag: true });
          if (!attribute('alt')) imagesWithoutAlt.push({ kind: 'image', url: src, line, tag: true });
        }
        break;
      }
    }
  });

  // A reference definition is where its URL is written, so a broken one is reported there, once.
  for (const [identifier, kinds] of references) {
    const definition = definitions.get(identifier);
    if (!definition) continue;
    for (const kind of kinds) links.push({ kind, url: definition.url, line: definition.line, tag: false });
  }

  if (!options.mdx) {
    // The ids the built page will have, from the renderer that builds it (lines already file lines).
    for (const heading of markdownHeadings(text)) {
      headings.push(heading);
      anchors.add(heading.slug);
    }
  }
  links.sort((a, b) => a.line - b.line);
  return { ok: true, headings, anchors, links, imagesWithoutAlt };
}

/**
 * The text Astro makes a heading's id from: text, inline code and expressions; not image alt text,
 * not a lone HTML tag. In MDX, `{frontmatter.title}` counts as the frontmatter value it shows.
 */
function textOfHeading(heading: Heading, fields: Readonly<Record<string, unknown>>): string {
  let text = '';
  visit(heading, (node) => {
    if (node.type === 'text' || node.type === 'inlineCode') text += node.value;
    else if (node.type === 'html' && !LONE_TAG.test(node.value)) text += node.value;
    else if (node.type === 'mdxTextExpression') text += frontmatterValue(node.value, fields) ?? node.value;
  });
  return text;
}

function frontmatterValue(expression: string, fields: Readonly<Record<string, unknown>>): string | undefined {
  const path = /^\s*frontmatter((?:\.[A-Za-z_$][\w$]*)+)\s*$/.exec(expression)?.[1];
  if (!path) return undefined;
  let value: unknown = fields;
  for (const key of path.slice(1).split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/** Links, images and ids in raw HTML, which Markdown files may contain and writers do use. */
function readHtml(
  html: string,
  firstLine: number,
  links: MarkdownLink[],
  imagesWithoutAlt: MarkdownLink[],
  anchors: Set<string>,
) {
  const lineAt = (index: number) => firstLine + (html.slice(0, index).match(/\n/g)?.length ?? 0);
  for (const match of html.matchAll(HTML_TAG)) {
    const tag = match[1]?.toLowerCase();
    const attributes = match[2] ?? '';
    const line = lineAt(match.index);
    if (tag === 'a') {
      const href = attributeValue(attributes, 'href');
      if (href !== undefined) links.push({ kind: 'link', url: href, line, tag: true });
    } else {
      const src = attributeValue(attributes, 'src');
      if (src === undefined) continue;
      links.push({ kind: 'image', url: src, line, tag: true });
      // alt="" is how HTML marks a decorative image, so only a missing alt is reported.
      if (!/(?:^|\s)alt(?:\s*=|\s|\/|$)/i.test(attributes)) imagesWithoutAlt.push({ kind: 'image', url: src, line, tag: true });
    }
  }
  for (const match of html.matchAll(HTML_ID)) {
    const id = match[1] ?? match[2];
    if (id) anchors.add(id);
  }
}

function attributeValue(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}
