import type Token from 'markdown-it/lib/token.mjs';
import { createHeadingSlugger, parseMarkdown } from '../../src/markdown/render';

/** One heading of an article and the text under it, up to the next heading of any depth. */
export interface MarkdownSection {
  /** The heading's id on the page: an explicit `{ #id }`, else its GitHub slug. */
  anchor: string;
  /** The heading as a reader sees it (attribute list removed). */
  heading: string;
  depth: number;
  /** Plain text of the section, heading excluded. */
  text: string;
}

/** A Markdown body reduced to what search needs. */
export interface MarkdownOutline {
  /** The text of a leading `# H1` (MkDocs-style pages carry their title there), if the body starts with one. */
  h1?: string;
  /** Plain text before the first heading (after the leading H1). */
  intro: string;
  sections: MarkdownSection[];
}

// `{#id}`, `{ #id .class }`, `{: #id }`, `{ id=x }` after a heading (MkDocs attr_list, Docusaurus, Pandoc).
const HEADING_ATTRIBUTES = /\s*\{:?\s*(?:[^}]*?\s)?(?:#|id=["']?)([^\s}"']+)[^}]*\}\s*$/;
// Attribute lists anywhere else (`[Button](x){ .md-button }`) and icon shortcodes (`:material-check:`): markup, not words.
const ATTRIBUTE_LIST = /\{:?\s*[.#][^}\n]*\}/g;
const ICON_SHORTCODE = /:(?:material|octicons|fontawesome|simple|md|fa)[a-z0-9-]*:/g;

/**
 * Splits a Markdown or MDX body into sections by heading, with the ids the help center gives headings (the
 * site's own parser and slugger), unless the heading names its id explicitly (`## Backups {#backup}`).
 *
 * The same markdown-it parse as the help center's pages: a few tenths of a millisecond an article, so the
 * build can write the suggestion index of 10,000 articles in seconds.
 */
export function readMarkdownSections(body: string, options: { mdx: boolean }): MarkdownOutline {
  const tokens = parseMarkdown(prepareMkDocsSyntax(options.mdx ? withoutMdxModuleLines(body) : body));
  const slugOf = createHeadingSlugger();
  const sections: MarkdownSection[] = [];
  let h1: string | undefined;
  const intro: string[] = [];
  let current: { section: MarkdownSection; parts: string[] } | undefined;

  const finish = () => {
    if (!current) return;
    current.section.text = cleanText(current.parts.join(''));
    sections.push(current.section);
  };
  const write = (text: string) => (current ? current.parts : intro).push(text);

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    // Only top-level headings divide the article; one inside a list or quote is part of its section.
    if (token.type === 'heading_open' && token.level === 0) {
      const inline = tokens[index + 1];
      index += 2; // the heading's inline content and its close
      const { text, id } = headingText(inline?.children ?? []);
      const depth = Number(token.tag.slice(1));
      // The page's own title: a first `# H1` before any section. It names the page rather than a part of it.
      if (depth === 1 && h1 === undefined && !current && intro.every((part) => !part.trim())) {
        h1 = text.display;
        continue;
      }
      finish();
      const anchor = id ?? slugOf(text.slug);
      current = { section: { anchor, heading: text.display, depth, text: '' }, parts: [] };
      continue;
    }
    write(blockText(token));
  }
  finish();
  return { ...(h1 === undefined ? {} : { h1 }), intro: cleanText(intro.join('')), sections };
}

/** An MDX file's `import` and `export` lines are code for the page, not words for a reader. */
function withoutMdxModuleLines(body: string): string {
  return body.replace(/^(?:import|export)\s[^\n]*$/gm, '');
}

/** A heading's text for the reader, its text for the slug (as the page's renderer sees it) and its explicit id. */
function headingText(children: Token[]): { text: { display: string; slug: string }; id?: string } {
  let slug = '';
  let display = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') {
      slug += child.content;
      display += child.content;
    } else if (child.type === 'softbreak' || child.type === 'hardbreak') {
      slug += ' ';
      display += ' ';
    }
  }
  const explicit = HEADING_ATTRIBUTES.exec(display);
  if (!explicit) return { text: { display: display.trim(), slug: slug.trim() } };
  const cut = (value: string) => value.replace(HEADING_ATTRIBUTES, '');
  return { text: { display: cut(display).trim(), slug: cut(slug).trim() }, id: explicit[1] };
}

/** The words of one block token, code included: identifiers and messages in code are what customers paste. */
function blockText(token: Token): string {
  switch (token.type) {
    case 'inline':
      return inlineText(token.children ?? []);
    case 'fence':
    case 'code_block':
      return `\n${token.content}\n`;
    case 'html_block':
      return `\n${htmlText(token.content)}\n`;
    // Table cells stay apart on one line; every other block ends its line.
    case 'th_open':
    case 'td_open':
      return ' · ';
    case 'paragraph_close':
    case 'heading_close':
    case 'tr_close':
    case 'list_item_close':
    case 'blockquote_close':
      return '\n';
    default:
      return '';
  }
}

function inlineText(children: Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'html_inline') text += htmlText(child.content);
    else if (child.type === 'image') text += inlineText(child.children ?? []);
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
  }
  return text;
}

function htmlText(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]*>/g, ' ');
}

/** Plain text: markup leftovers removed, runs of spaces collapsed, paragraphs kept apart by one newline. */
function cleanText(text: string): string {
  return text
    .replace(ATTRIBUTE_LIST, ' ')
    .replace(ICON_SHORTCODE, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot);/g, (entity) => ENTITIES[entity] ?? ' ')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

const FENCE = /^\s*(`{3,}|~{3,})/;
// `!!! note "Title"`, `??? tip`, `???+ warning` (MkDocs admonitions) and `=== "Tab"` (content tabs).
const BLOCK_MARKER = /^(\s*)(?:!!!|\?\?\?\+?|===)\s*(?:[\w-]+(?:\s+[\w-]+)*)?\s*(?:"([^"]*)")?\s*$/;
// `:::note Title` / `:::` (Docusaurus admonitions) and `--8<--` snippet includes.
const FENCE_MARKER = /^\s*:::\s*[\w-]*\s*(.*)$/;
const SNIPPET_INCLUDE = /^\s*-{2}8<-{2}/;

/**
 * MkDocs and Docusaurus syntax that CommonMark misreads: an admonition's body is indented four spaces, which
 * CommonMark takes for a code block. Markers become their title (if any) and bodies are dedented, so their
 * prose is read as prose. Fenced code is left alone.
 */
function prepareMkDocsSyntax(body: string): string {
  const lines = body.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  // Indentation of the admonition bodies we're inside, innermost last.
  const blocks: number[] = [];
  for (const line of lines) {
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    while (blocks.length > 0 && line.trim() !== '' && indent < (blocks.at(-1) ?? 0)) blocks.pop();
    const dedent = blocks.at(-1) ?? 0;
    const text = line.slice(Math.min(dedent, indent));
    const fenceMatch = FENCE.exec(text);
    if (fence) {
      out.push(text);
      if (fenceMatch && fenceMatch[1]?.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]?.[0]?.repeat(3);
      out.push(text);
      continue;
    }
    const marker = BLOCK_MARKER.exec(line);
    if (marker && /^\s*(?:!!!|\?\?\?|===)/.test(line)) {
      blocks.push(indent + 4);
      out.push('', marker[2] ?? '', '');
      continue;
    }
    if (FENCE_MARKER.test(text)) {
      out.push('', FENCE_MARKER.exec(text)?.[1] ?? '', '');
      continue;
    }
    if (SNIPPET_INCLUDE.test(text)) continue;
    out.push(text);
  }
  return out.join('\n');
}
