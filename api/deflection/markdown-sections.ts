import type { Heading, Nodes, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { createHeadingSlugger } from '../../src/markdown/render';

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
// A raw HTML tag alone adds nothing to a heading's id (Astro's rehypeHeadingIds skips it too).
const LONE_TAG = /^\n?<.*>\n?$/;

/**
 * Splits a Markdown or MDX body into sections by heading, with the ids the help center gives headings (the
 * site's own slugger, `createHeadingSlugger`), unless the heading names its id explicitly (`## Backups {#backup}`).
 */
export function readMarkdownSections(body: string, options: { mdx: boolean }): MarkdownOutline {
  const tree = parse(prepareMkDocsSyntax(body), options.mdx);
  const slugOf = createHeadingSlugger();
  const sections: MarkdownSection[] = [];
  let h1: string | undefined;
  const intro: string[] = [];
  let current: { section: MarkdownSection; parts: string[] } | undefined;

  const finish = () => {
    if (!current) return;
    current.section.text = cleanText(current.parts.join('\n'));
    sections.push(current.section);
  };

  for (const node of tree.children) {
    if (node.type === 'heading') {
      const { text, id } = headingText(node);
      const anchor = id ?? slugOf(text.slug);
      // The page's own title: a first `# H1` before any section. It names the page rather than a part of it.
      if (node.depth === 1 && h1 === undefined && !current && intro.every((part) => !part.trim())) {
        h1 = text.display;
        continue;
      }
      finish();
      current = { section: { anchor, heading: text.display, depth: node.depth, text: '' }, parts: [] };
      continue;
    }
    const text = blockText(node);
    if (current) current.parts.push(text);
    else intro.push(text);
  }
  finish();
  return { ...(h1 === undefined ? {} : { h1 }), intro: cleanText(intro.join('\n')), sections };
}

function parse(body: string, mdx: boolean): Root {
  if (mdx) {
    try {
      return unified().use(remarkParse).use(remarkGfm).use(remarkMdx).parse(body);
    } catch {
      // Broken MDX fails the writer checks; search still indexes its words rather than dropping the page.
    }
  }
  return unified().use(remarkParse).use(remarkGfm).parse(body);
}

/** A heading's text for the reader, its text for the slug (as the build sees it) and its explicit id, if any. */
function headingText(heading: Heading): { text: { display: string; slug: string }; id?: string } {
  let slug = '';
  let display = '';
  visit(heading, (node) => {
    if (node.type === 'text') {
      // The build runs SmartyPants before making ids: a lone `--` becomes an em dash, which the slugger drops.
      slug += node.value.replace(/(?<!-)--(?!-)/g, '—');
      display += node.value;
    } else if (node.type === 'inlineCode') {
      slug += node.value;
      display += node.value;
    } else if (node.type === 'html' && !LONE_TAG.test(node.value)) {
      slug += node.value;
    }
  });
  const explicit = HEADING_ATTRIBUTES.exec(display);
  if (!explicit) return { text: { display: display.trim(), slug } };
  const cut = (value: string) => value.replace(HEADING_ATTRIBUTES, '');
  return { text: { display: cut(display).trim(), slug: cut(slug) }, id: explicit[1] };
}

/** The words of one block, code included: identifiers and messages in code are what customers paste. */
function blockText(node: RootContent | Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'code':
      return `\n${node.value}\n`;
    case 'html':
      return htmlText(node.value);
    case 'image':
      return node.alt ?? '';
    case 'imageReference':
      return node.alt ?? '';
    case 'break':
      return '\n';
    case 'definition':
    case 'yaml':
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
    case 'thematicBreak':
      return '';
    case 'table':
      return node.children.map((row) => row.children.map((cell) => blockText(cell)).join(' · ')).join('\n');
    case 'paragraph':
    case 'heading':
    case 'tableCell':
    case 'emphasis':
    case 'strong':
    case 'delete':
    case 'link':
    case 'linkReference':
    case 'mdxJsxTextElement':
      return node.children.map((child) => blockText(child)).join('');
    default:
      if ('children' in node) return node.children.map((child) => blockText(child)).join('\n');
      return 'value' in node && typeof node.value === 'string' ? node.value : '';
  }
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
