import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { imageSizer, type ImageSizer } from './image-size';

/** A heading of an article, as the table of contents and `#anchor` links know it. */
export interface Heading {
  depth: number;
  /** The heading's id on the page: the GitHub slug of its text, unique within the article. */
  slug: string;
  text: string;
  /** 1-based line of the heading in the Markdown source (frontmatter not counted). */
  line: number;
}

export interface RenderedMarkdown {
  html: string;
  headings: Heading[];
}

/**
 * The help center's Markdown renderer: CommonMark with GitHub tables and strikethrough, smart
 * punctuation, heading ids as GitHub makes them, and images sized from `public/` and loaded lazily.
 *
 * markdown-it rather than Astro's remark pipeline: measured on this site's articles it renders a page in
 * 0.2–0.3 ms against 13 ms, which is most of the difference between a 1,000-article build in seconds and
 * one in minutes. Writers are trusted, so raw HTML in articles is kept.
 */
export function createMarkdownRenderer(options: { publicDir: string }): (source: string) => RenderedMarkdown {
  const md = createParser();
  const sizeOf: ImageSizer = imageSizer(options.publicDir);

  md.renderer.rules.image = (tokens, index, renderOptions, _env, self) => {
    const token = tokens[index];
    if (!token) return '';
    const src = token.attrGet('src') ?? '';
    token.attrSet('alt', self.renderInlineAsText(token.children ?? [], renderOptions, _env));
    token.attrSet('loading', 'lazy');
    token.attrSet('decoding', 'async');
    const size = sizeOf(src);
    if (size) {
      token.attrSet('width', String(size.width));
      token.attrSet('height', String(size.height));
    }
    return self.renderToken(tokens, index, renderOptions);
  };

  return (source) => {
    const env = {};
    const tokens = md.parse(source, env);
    const headings = assignHeadingIds(tokens);
    return { html: md.renderer.render(tokens, md.options, env), headings };
  };
}

/**
 * Heading ids for one document: GitHub's slugs (`-1`, `-2` for repeats), without a trailing hyphen
 * (`Billing —` → `billing`), as Astro makes them too. Every renderer and `check:content` use this.
 */
export function createHeadingSlugger(): (text: string) => string {
  const slugger = new GithubSlugger();
  return (text) => {
    const slug = slugger.slug(text);
    return slug.endsWith('-') ? slug.slice(0, -1) : slug;
  };
}

/** A Markdown document's tokens, headings carrying the ids the help center gives them, without rendering it. */
export function parseMarkdown(source: string): Token[] {
  const tokens = sharedParser.parse(source, {});
  assignHeadingIds(tokens);
  return tokens;
}

/** The headings of a Markdown document with the ids the help center gives them, without rendering it. */
export function markdownHeadings(source: string): Heading[] {
  return assignHeadingIds(sharedParser.parse(source, {}));
}

function createParser(): MarkdownIt {
  return new MarkdownIt({ html: true, linkify: false, typographer: true });
}

// Parsing alone needs no image sizes; one parser serves every caller of markdownHeadings.
const sharedParser = createParser();

/** Gives every heading the id GitHub (and so writers' anchor links) expects, in document order. */
function assignHeadingIds(tokens: Token[]): Heading[] {
  const slug = createHeadingSlugger();
  const headings: Heading[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const open = tokens[index];
    if (open?.type !== 'heading_open') continue;
    const inline = tokens[index + 1];
    const text = inline?.children ? plainText(inline.children) : '';
    const id = slug(text);
    open.attrSet('id', id);
    headings.push({ depth: Number(open.tag.slice(1)), slug: id, text, line: (open.map?.[0] ?? 0) + 1 });
  }
  return headings;
}

/** The text of a heading: code spans and link text kept; markup, HTML tags and image alt text dropped. */
function plainText(tokens: Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'code_inline' || token.type === 'html_inline') {
      text += token.type === 'html_inline' ? '' : token.content;
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
  }
  return text.trim();
}
