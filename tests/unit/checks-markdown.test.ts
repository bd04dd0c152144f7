import { describe, expect, it } from 'vitest';
import { readMarkdown, type MarkdownResult } from '../../src/checks/markdown';
import { createMarkdownRenderer } from '../../src/markdown/render';
import { renderMdx } from '../../src/markdown/render-mdx';

const read = (body: string, mdx = false, fields: Record<string, unknown> = {}): MarkdownResult =>
  readMarkdown(body, { mdx, firstLine: 1, fields });

const slugsOf = (result: MarkdownResult) => (result.ok ? result.headings.map((heading) => heading.slug) : result.message);

// Headings that have tripped up slug code before: punctuation, dashes SmartyPants rewrites, inline
// code and HTML, image alt text, Cyrillic, duplicates, a trailing hyphen, headings nested in blocks.
const TRICKY_HEADINGS = [
  '# Hello, World!',
  '## Hello, World!',
  '## Step 1 -',
  '## `npm run check` -- then *fix* it',
  '## Don\'t "quote" me... --- ok',
  '## ![logo](/images/logo.png) Logo text',
  '## [Linked](/articles/x/) heading',
  '## Ёлки-палки: 2FA & SSO',
  '## Настройка двухфакторной аутентификации',
  'Setext heading',
  '--------------',
  '> ## Quoted heading',
  '- ## Heading in a list',
  '## Hello, World!',
].join('\n\n');

describe('heading anchors', () => {
  it('match the ids the built page gives headings in Markdown', () => {
    const body = `${TRICKY_HEADINGS}\n\n## Настройка <span>двух</span> факторов\n\n## C++ & {braces}\n`;
    const { html } = createMarkdownRenderer({ publicDir: 'public' })(body);
    const pageIds = [...html.matchAll(/<h[1-6] id="([^"]*)"/g)].map((match) => match[1]);
    expect(pageIds.length).toBeGreaterThan(10);
    expect(slugsOf(read(body))).toEqual(pageIds);
    // The ids writers would type from GitHub's rules, spot-checked: Cyrillic kept, repeats numbered, images ignored.
    expect(pageIds).toEqual(
      expect.arrayContaining(['hello-world', 'hello-world-1', 'hello-world-2', 'ёлки-палки-2fa--sso', 'logo-text', 'c--braces']),
    );
  });

  it('match the ids the built page gives headings in MDX, including {frontmatter.title}', async () => {
    const body = `${TRICKY_HEADINGS}\n\n## {frontmatter.title} basics\n\n## <span>Inline</span> JSX\n\n<div>\n\n## Inside JSX\n\n</div>\n`;
    const frontmatter = { title: 'Invoice layout' };
    const { html } = await renderMdx(body, { publicDir: 'public', frontmatter });
    const pageIds = [...html.matchAll(/<h[1-6] id="([^"]*)"/g)].map((match) => match[1]);
    expect(pageIds.length).toBeGreaterThan(10);
    expect(pageIds).toContain('invoice-layout-basics');
    expect(slugsOf(read(body, true, frontmatter))).toEqual(pageIds);
  });

  it('repeated headings get -1, -2 and a Cyrillic heading keeps its letters', () => {
    const result = read('## FAQ\n\n## FAQ\n\n### FAQ\n\n## Подтвердите адрес\n');
    expect(slugsOf(result)).toEqual(['faq', 'faq-1', 'faq-2', 'подтвердите-адрес']);
  });
});

describe('links and images', () => {
  it('are found wherever writers put them, on their file line', () => {
    const body = [
      '', // line 1
      'A [link](/articles/a/#setup) and ![a screenshot](/images/a.png).', // 2
      'A [reference link][docs] and an ![][logo] without alt.', // 3
      '<a href="/articles/b/">HTML link</a>', // 4
      '<p>', // 5
      '<img src="/images/b.png">', // 6
      '</p>', // 7
      '`[not a link](/in/code/)`', // 8
      '', // 9
      '[docs]: /articles/c/', // 10
      '[logo]: /images/logo.png', // 11
    ].join('\n');
    const result = read(body);
    expect(result.ok && result.links.map(({ kind, url, line }) => `${line} ${kind} ${url}`)).toEqual([
      '2 link /articles/a/#setup',
      '2 image /images/a.png',
      '4 link /articles/b/',
      '6 image /images/b.png',
      // A reference's URL is written, and fixed, on its definition's line.
      '10 link /articles/c/',
      '11 image /images/logo.png',
    ]);
    expect(result.ok && result.imagesWithoutAlt.map(({ url, line }) => `${line} ${url}`)).toEqual([
      '3 [logo]',
      '6 /images/b.png',
    ]);
  });

  it('in MDX, JSX href, src and id attributes count too', () => {
    const body = '<Card href="/articles/a/" />\n\n<img src="/images/a.png" />\n\n<section id="pricing-table">x</section>\n';
    const result = read(body, true);
    expect(result.ok && result.links.map(({ kind, url, line }) => `${line} ${kind} ${url}`)).toEqual([
      '1 link /articles/a/',
      '3 image /images/a.png',
    ]);
    expect(result.ok && result.imagesWithoutAlt.length).toBe(1);
    expect(result.ok && result.anchors.has('pricing-table')).toBe(true);
  });

  it('an MDX syntax error is a problem on its line, not a crash', () => {
    expect(read('Text\n\n<!-- comment -->\n', true)).toMatchObject({
      ok: false,
      line: 3,
      message: expect.stringMatching(/^MDX syntax error: /),
    });
  });
});
