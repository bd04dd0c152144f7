import { evaluate } from '@mdx-js/mdx';
import type { Element, ElementContent, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { jsx as hastJsx } from 'hastscript/jsx-runtime';
import remarkGfm from 'remark-gfm';
import remarkSmartypants from 'remark-smartypants';
import { visit } from 'unist-util-visit';
import { imageSizer } from './image-size';
import { createHeadingSlugger, type Heading, type RenderedMarkdown } from './render';

type Props = { children?: ElementContent | ElementContent[]; type?: string; title?: string };

/**
 * Components every MDX article may use without importing anything. MDX is rendered to plain HTML at
 * build time (no component framework ships to readers), so these are functions that return HTML trees.
 */
const COMPONENTS = {
  /** `<Callout type="warning" title="Before you start">…</Callout>`: a highlighted note. */
  Callout: ({ children, type = 'note', title }: Props) =>
    h('aside', { className: ['callout', `callout-${type}`] }, [
      title ? h('p', { className: ['callout-title'] }, title) : null,
      children,
    ]),
  /** `<Steps>` around an ordered list: numbered steps. */
  Steps: ({ children }: Props) => h('div', { className: ['steps'] }, children),
};

/**
 * A JSX runtime for MDX that builds HTML trees: hastscript's, plus what it leaves out: components
 * (functions, called with their props) and fragments (hastscript marks them with `null`, which MDX refuses).
 */
const Fragment = Symbol('Fragment');
const hastJsxAny = hastJsx as (type: unknown, props: Record<string, unknown>, key?: string) => unknown;
function jsx(type: unknown, props: Record<string, unknown>, key?: string): unknown {
  if (typeof type === 'function') return (type as (props: Record<string, unknown>) => unknown)(props);
  return hastJsxAny(type === Fragment ? null : type, props, key);
}
const runtime = { Fragment, jsx, jsxs: jsx };

/**
 * Renders an MDX article to HTML with the same heading ids and image treatment as Markdown articles.
 * MDX is compiled and run here, at build time, with a JSX runtime that builds HTML trees.
 */
export async function renderMdx(
  source: string,
  options: { publicDir: string; frontmatter?: Readonly<Record<string, unknown>> },
): Promise<RenderedMarkdown> {
  // Articles may quote their own fields (`{frontmatter.title}`), as in Astro's MDX.
  const withFrontmatter = `export const frontmatter = ${JSON.stringify(options.frontmatter ?? {})};\n\n${source}`;
  // The same GitHub tables and smart punctuation as Markdown articles, so headings get the same ids.
  const { default: Content } = await evaluate(withFrontmatter, {
    ...runtime,
    development: false,
    remarkPlugins: [remarkGfm, remarkSmartypants],
  } as Parameters<typeof evaluate>[1]);
  const tree = Content({ components: COMPONENTS }) as unknown as Root | Element;
  const root: Root = tree.type === 'root' ? tree : { type: 'root', children: [tree] };

  const slug = createHeadingSlugger();
  const sizeOf = imageSizer(options.publicDir);
  const headings: Heading[] = [];
  visit(root, 'element', (node: Element) => {
    const depth = /^h([1-6])$/.exec(node.tagName)?.[1];
    if (depth) {
      const text = hastToString(node).trim();
      const id = typeof node.properties.id === 'string' ? node.properties.id : slug(text);
      node.properties.id = id;
      headings.push({ depth: Number(depth), slug: id, text, line: node.position?.start.line ?? 0 });
    }
    if (node.tagName === 'img') {
      node.properties.loading ??= 'lazy';
      node.properties.decoding ??= 'async';
      const size = typeof node.properties.src === 'string' ? sizeOf(node.properties.src) : undefined;
      if (size && node.properties.width === undefined) {
        node.properties.width = size.width;
        node.properties.height = size.height;
      }
    }
  });
  return { html: toHtml(root, { allowDangerousHtml: true }), headings };
}
