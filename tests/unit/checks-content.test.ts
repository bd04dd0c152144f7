import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkContent, formatProblem } from '../../src/checks/index';

// Fixture paths as a writer would type them at the repository root, which is where vitest runs.
const OK = 'tests/fixtures/content-ok';
const BROKEN = 'tests/fixtures/content-broken';
const PUBLIC = 'tests/fixtures/public';

describe('the fixture sites', () => {
  it('a valid site has no problems', async () => {
    const { problems, articles } = await checkContent({ contentDir: OK, publicDir: PUBLIC });
    expect(problems.map(formatProblem)).toEqual([]);
    expect(articles.map((article) => `${article.locale} ${article.category}/${article.id}`)).toEqual([
      'en billing/invoice-layout',
      'en billing/new-plans',
      'en billing/old-plans-draft',
      'en billing/refunds',
      'en getting-started/create-your-account',
      'ru getting-started/create-your-account',
    ]);
  });

  it('files and folders starting with _ are ignored', async () => {
    const { articles } = await checkContent({ contentDir: OK, publicDir: PUBLIC });
    // content-ok has en/billing/_scratch.md and en/_archive/, both broken on purpose.
    expect(articles.filter((article) => article.file.includes('/_'))).toEqual([]);
  });

  it('every problem is listed, not just the first, sorted by file and line', async () => {
    const { problems } = await checkContent({ contentDir: BROKEN, publicDir: PUBLIC });
    const en = `${BROKEN}/en`;
    expect(problems.map(formatProblem)).toEqual([
      `${en}/billing/bad-related.md:6: related "nope" points to no article in en`,
      `${en}/billing/bad-related.md:7: related lists this article itself`,
      `${en}/billing/bad-related.md:8: related "draft-plans" is a draft (draft-plans in en has draft: true)`,
      `${en}/billing/bad-related.md:10: related lists "refunds" twice`,
      `${en}/billing/broken-links.md:9: link to /articles/nope/ points to no article in en`,
      `${en}/billing/broken-links.md:10: link to /articles/refunds/#nope: refunds has no heading "nope"`,
      `${en}/billing/broken-links.md:11: link to /articles/refunds/#how-refund-work: refunds has no heading "how-refund-work" (did you mean "how-refunds-work"?)`,
      `${en}/billing/broken-links.md:12: link to /categories/nope/ points to no category in en`,
      `${en}/billing/broken-links.md:13: link to /images/nope.png points to no file (no file ${PUBLIC}/images/nope.png)`,
      `${en}/billing/broken-links.md:13: image /images/nope.png does not exist (no file ${PUBLIC}/images/nope.png)`,
      `${en}/billing/broken-links.md:14: image ./missing.png does not exist (no file ${en}/billing/missing.png)`,
      `${en}/billing/broken-links.md:15: link to /en/articles/refunds/ points to no page (en pages have no /en prefix: /articles/refunds/)`,
      `${en}/billing/broken-links.md:16: link to /pricing/ points to no page`,
      `${en}/billing/broken-links.md:17: link to ../refunds/ is relative, which breaks on some page addresses: write /articles/refunds/`,
      `${en}/billing/broken-links.md:18: link to #nope: this article has no heading "nope"`,
      `${en}/billing/broken-links.md:19: link to /articles/draft-plans/ points to a draft (draft-plans in en has draft: true)`,
      `${en}/billing/broken-links.md:20: link to /ru/articles/broken-links/ points to no article in ru (broken-links exists in en)`,
      `${en}/billing/broken-links.md:21: link to htps://example.com has an unknown scheme "htps:" (links to other sites start with https://)`,
      `${en}/billing/broken.mdx:9: MDX syntax error: Unexpected character \`!\` (U+0021) before name, expected a character that can start a name, such as a letter, \`$\`, or \`_\` (note: to create a comment in MDX, use \`{/* text */}\`)`,
      `${en}/billing/deep/nested.md:1: not published: an article goes directly in its category folder (${en}/billing/), not in a subfolder`,
      `${en}/billing/duplicate.md:1: id "duplicate" is also used by ${en}/getting-started/duplicate.md (ids must be unique within a locale)`,
      `${en}/billing/missing-alt.md:7: image /images/invoice-screen.png has no alt text (describe what it shows, for readers who can't see it)`,
      `${en}/billing/missing-alt.md:9: image /images/invoice-screen.png has no alt text (describe what it shows, for readers who can't see it)`,
      `${en}/getting-started/Reset Password.md:1: file name "Reset Password" is not a valid article id: it must be lowercase words joined by hyphens (like "reset-password"); rename the file to reset-password.md`,
      `${en}/getting-started/bad-yaml.md:2: invalid YAML: nested mappings are not allowed in compact mappings (a value that contains ": " must be in quotes)`,
      `${en}/getting-started/duplicate.md:1: id "duplicate" is also used by ${en}/billing/duplicate.md (ids must be unique within a locale)`,
      `${en}/getting-started/field-typo.md:1: title is required`,
      `${en}/getting-started/field-typo.md:2: tittle is not a known field (did you mean title?)`,
      `${en}/getting-started/impossible-date.md:4: updated must be a real date (2026-02-30 is not in the calendar)`,
      `${en}/getting-started/missing-frontmatter.md:1: missing frontmatter: start the file with a block of fields between --- lines (title, description, updated)`,
      `${en}/getting-started/unclosed-frontmatter.md:1: frontmatter is not closed: add a line with --- after the last field`,
      `${en}/getting-started/wrong-types.md:2: title must be text (put it in quotes)`,
      `${en}/getting-started/wrong-types.md:4: tags must be a list of words`,
      `${en}/getting-started/wrong-types.md:7: keyword 2 must not be empty`,
      `${en}/getting-started/wrong-types.md:8: order must be a whole number`,
      `${en}/getting-started/wrong-types.md:9: updated must be a date (YYYY-MM-DD)`,
      `${en}/getting-started/wrong-types.md:10: draft must be true or false`,
      `${en}/getting-started/wrong-types.md:12: related id "Refunds Policy" must be lowercase words joined by hyphens (like "reset-password")`,
      `${en}/stray.md:1: not published: an article goes in a category folder, like ${en}/<category>/stray.md`,
      `${en}/unlisted/orphan.md:1: category "unlisted" has no entry in ${en}/categories.yml (add its title and description there)`,
      `${BROKEN}/fr/getting-started/bonjour.md:1: not published: "fr" is not a locale of the help center (en, ru)`,
      `${BROKEN}/ru/categories.yml:1: getting-started: description is required`,
      `${BROKEN}/ru/categories.yml:3: getting-started: descripton is not a known field (did you mean description?)`,
      `${BROKEN}/ru/categories.yml:4: getting-started: order must be a whole number`,
      `${BROKEN}/ru/categories.yml:5: category slug "Billing Stuff" must be lowercase words joined by hyphens (like "reset-password")`,
      `${BROKEN}/ru/getting-started/refunds.md:9: link to #как-оформить-возрат: this article has no heading "как-оформить-возрат" (did you mean "как-оформить-возврат"?)`,
    ]);
  });

  it('the loaded articles carry what the build needs: frontmatter, heading ids and body', async () => {
    const { articles } = await checkContent({ contentDir: OK, publicDir: PUBLIC });
    const refunds = articles.find((article) => article.id === 'refunds');
    expect(refunds).toMatchObject({
      locale: 'en',
      category: 'billing',
      file: `${OK}/en/billing/refunds.md`,
      format: 'md',
      frontmatter: { title: 'Refunds', related: ['create-your-account', 'invoice-layout'], draft: false },
    });
    expect(refunds?.headings.map(({ depth, slug, line }) => `${line} h${depth} #${slug}`)).toEqual([
      '9 h1 #how-refunds-work',
      '13 h2 #example',
      '17 h2 #example-1',
      '22 h2 #money-back--in-5-days',
    ]);
    expect(refunds?.body.startsWith('\n# How refunds work\n')).toBe(true);
  });
});

describe('writer mistakes, one at a time', () => {
  const roots: string[] = [];
  afterAll(async () => {
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  });

  /**
   * Writes a small site (paths under `content/` and `public/`; null leaves out a default file) and
   * returns its problems as `file:line: message`.
   */
  async function check(files: Record<string, string | null>): Promise<string[]> {
    const root = await mkdtemp(join(tmpdir(), 'docket-checks-'));
    roots.push(root);
    const site: Record<string, string | null> = {
      'content/en/categories.yml': 'billing:\n  title: Billing\n  description: Plans and refunds.\n',
      'content/ru/categories.yml': 'billing:\n  title: Оплата\n  description: Тарифы и возвраты.\n',
      ...files,
    };
    for (const [path, text] of Object.entries(site)) {
      if (text === null) continue;
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await mkdir(join(root, 'public'), { recursive: true });
    const { problems } = await checkContent({ contentDir: join(root, 'content'), publicDir: join(root, 'public') });
    // Name files from the site's root, as a writer would see them in the repository.
    return problems.map((problem) =>
      formatProblem({ ...problem, file: relative(root, problem.file) }).replaceAll(`${root}/`, ''),
    );
  }

  const article = (fields: string, body = 'Body.') =>
    `---\ntitle: An article\ndescription: For a test.\nupdated: 2026-01-01\n${fields}---\n\n${body}\n`;

  it('a heading anchor with Cyrillic text resolves, written as is or percent-encoded', async () => {
    const body =
      '## Подтвердите адрес\n\n[как есть](#подтвердите-адрес), [закодировано](#%D0%BF%D0%BE%D0%B4%D1%82%D0%B2%D0%B5%D1%80%D0%B4%D0%B8%D1%82%D0%B5-%D0%B0%D0%B4%D1%80%D0%B5%D1%81)';
    expect(
      await check({
        'content/ru/billing/refunds.md': article('', body),
        'content/en/billing/refunds.md': article(
          '',
          '[in Russian](/ru/articles/refunds/#подтвердите-адрес), [no such](/ru/articles/refunds/#адрес)',
        ),
      }),
    ).toEqual(['content/en/billing/refunds.md:7: link to /ru/articles/refunds/#адрес: refunds has no heading "адрес"']);
  });

  it('a link to a draft is broken from a published article, and fine from another draft', async () => {
    expect(
      await check({
        'content/en/billing/plans.md': article('draft: true\n'),
        'content/en/billing/next-plans.md': article('draft: true\nrelated: [plans]\n', '[plans](/articles/plans/)'),
        'content/en/billing/refunds.md': article('related: [plans]\n', '[plans](/articles/plans/)'),
      }),
    ).toEqual([
      'content/en/billing/refunds.md:5: related "plans" is a draft (plans in en has draft: true)',
      'content/en/billing/refunds.md:8: link to /articles/plans/ points to a draft (plans in en has draft: true)',
    ]);
  });

  it('a category page exists only while the category has a published article', async () => {
    const categories = 'billing:\n  title: Billing\n  description: Plans.\nsoon:\n  title: Soon\n  description: Later.\n';
    expect(
      await check({
        'content/en/categories.yml': categories,
        'content/en/soon/teaser.md': article('draft: true\n'),
        'content/en/billing/refunds.md': article('', '[soon](/categories/soon/) [billing](/categories/billing)'),
      }),
    ).toEqual([
      'content/en/billing/refunds.md:7: link to /categories/soon/: category soon has no published articles in en, so it has no page',
    ]);
  });

  it('a category folder missing from categories.yml is reported once, on its first article', async () => {
    expect(
      await check({
        'content/en/payments/a.md': article(''),
        'content/en/payments/b.md': article(''),
        'content/ru/payments/a.md': article(''),
      }),
    ).toEqual([
      'content/en/payments/a.md:1: category "payments" has no entry in content/en/categories.yml (add its title and description there)',
      'content/ru/payments/a.md:1: category "payments" has no entry in content/ru/categories.yml (add its title and description there)',
    ]);
  });

  it('a locale without categories.yml says the file is missing', async () => {
    expect(await check({ 'content/en/categories.yml': null, 'content/en/billing/refunds.md': article('') })).toEqual([
      'content/en/billing/refunds.md:1: category "billing" has no entry in content/en/categories.yml, which does not exist (add its title and description there)',
    ]);
  });

  it('a broken categories.yml is reported once, not again on every article of the locale', async () => {
    expect(
      await check({
        'content/en/categories.yml': 'billing:\n  title: Billing\n  description: [unclosed\n',
        'content/en/billing/refunds.md': article('', '[billing](/categories/billing/)'),
      }),
    ).toEqual([
      'content/en/categories.yml:3: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('images next to the article and files in public/ are found; relative images in HTML are not resolved by the build', async () => {
    expect(
      await check({
        'content/en/billing/diagram.png': 'png',
        'public/files/price-list.pdf': 'pdf',
        'content/en/billing/refunds.md': article(
          '',
          '![Diagram](./diagram.png) ![Diagram](diagram.png) [price list](/files/price-list.pdf)\n\n<img src="./diagram.png" alt="Diagram">',
        ),
      }),
    ).toEqual([
      'content/en/billing/refunds.md:9: image ./diagram.png is relative, which works only in Markdown image syntax: write ![description](./diagram.png) or use a file in public/',
    ]);
  });

  it('a link into the other locale works when the article exists there', async () => {
    expect(
      await check({
        'content/ru/billing/refunds.md': article('', '[по-английски](/articles/refunds/) [нет такой](/articles/nope/)'),
        'content/en/billing/refunds.md': article('', '[in Russian](/ru/articles/refunds) [home](/ru/) [contact](/ru/contact)'),
      }),
    ).toEqual(['content/ru/billing/refunds.md:7: link to /articles/nope/ points to no article in en']);
  });
});
