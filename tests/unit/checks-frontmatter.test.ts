import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readCategories } from '../../src/checks/categories';
import { readFrontmatter } from '../../src/checks/frontmatter';
import { parseYaml } from '../../src/checks/yaml-source';

// The YAML parser Astro reads frontmatter with (a dependency of Astro's, without types of its own).
const jsYaml = createRequire(import.meta.url)('js-yaml') as { load(source: string): unknown };

/** An article file from its lines, so each test shows exactly which line is which. */
const file = (...lines: string[]) => `${lines.join('\n')}\n`;
const problemsOf = (source: string) => readFrontmatter(source).problems.map(({ line, message }) => `${line}: ${message}`);

describe('frontmatter problems a writer sees', () => {
  it('a typo in a field name is reported with the line and a suggestion', () => {
    const source = file('---', 'title: Refunds', 'descripton: When we refund.', 'updated: 2026-01-01', '---', 'Body');
    expect(problemsOf(source)).toEqual([
      '1: description is required',
      '3: descripton is not a known field (did you mean description?)',
    ]);
  });

  it('a field nothing like a known one lists the known fields instead of guessing', () => {
    const source = file('---', 'title: Refunds', 'description: When we refund.', 'updated: 2026-01-01', 'author: Kim', '---');
    expect(problemsOf(source)).toEqual([
      '5: author is not a known field (known fields: title, description, tags, keywords, order, updated, draft, related)',
    ]);
  });

  it('missing fields are reported on the opening --- line, all of them at once', () => {
    const source = file('', '---', 'tags: [billing]', '---', 'Body');
    expect(problemsOf(source)).toEqual(['2: title is required', '2: description is required', '2: updated is required']);
  });

  it('each wrong value is named by field on its own line, in words rather than zod messages', () => {
    const source = file(
      '---',
      'title:',
      `description: ${'Very long. '.repeat(30)}`,
      'tags: [billing, Refunds]',
      'order: 1.5',
      'updated: 2026-3-4',
      'draft: "yes"',
      'related: refunds',
      '---',
    );
    const problems = problemsOf(source);
    expect(problems).toEqual([
      '2: title must not be empty',
      '3: description must be at most 300 characters (one sentence)',
      '4: tag "Refunds" must be lowercase words joined by hyphens (like "reset-password")',
      '5: order must be a whole number',
      '6: updated must be a date (YYYY-MM-DD)',
      '7: draft must be true or false',
      '8: related must be a list of article ids',
    ]);
    expect(problems.join('\n')).not.toMatch(/Expected|Required|received|String must|ZodError/);
  });

  it('a value YAML reads as a number or a date is asked to be quoted', () => {
    const source = file('---', 'title: 2026-01-01', 'description: 42', 'updated: 2026-01-01', '---');
    expect(problemsOf(source)).toEqual([
      '2: title must be text (put it in quotes)',
      '3: description must be text (put it in quotes)',
    ]);
  });

  it('a title over 120 characters says so in plain words', () => {
    const source = file('---', `title: ${'a'.repeat(121)}`, 'description: Long title.', 'updated: 2026-01-01', '---');
    expect(problemsOf(source)).toEqual(['2: title must be at most 120 characters']);
  });

  it('a date the calendar does not have is reported instead of silently becoming another day', () => {
    const source = file('---', 'title: Refunds', 'description: When we refund.', 'updated: 2026-02-30', 'tag: [billing]', '---');
    expect(problemsOf(source)).toEqual([
      '5: tag is not a known field (did you mean tags?)',
      '4: updated must be a real date (2026-02-30 is not in the calendar)',
    ]);
  });

  it('invalid YAML is reported on the line of the mistake, with a hint for the usual cause', () => {
    const source = file('---', 'title: Refunds', 'description: Refunds: when and how', 'updated: 2026-01-01', '---');
    expect(problemsOf(source)).toEqual([
      '3: invalid YAML: nested mappings are not allowed in compact mappings (a value that contains ": " must be in quotes)',
    ]);
  });

  it('a field written twice is named', () => {
    const source = file(
      '---',
      'title: Refunds',
      'description: When we refund.',
      'title: Money back',
      'updated: 2026-01-01',
      '---',
    );
    expect(problemsOf(source)).toEqual(['4: invalid YAML: title appears twice']);
  });

  it('a file without frontmatter, or with an unclosed one, gets one clear problem', () => {
    expect(problemsOf(file('# Refunds', '', 'Body'))).toEqual([
      '1: missing frontmatter: start the file with a block of fields between --- lines (title, description, updated)',
    ]);
    expect(problemsOf(file('---', 'title: Refunds', '', 'Body'))).toEqual([
      '1: frontmatter is not closed: add a line with --- after the last field',
    ]);
  });

  it('valid frontmatter gives the values the build will use, and the body below it', () => {
    const result = readFrontmatter(
      file('---', 'title: Refunds', 'description: When we refund.', 'updated: 2026-01-01', '---', '', 'Body'),
    );
    expect(result.problems).toEqual([]);
    expect(result.frontmatter).toMatchObject({
      title: 'Refunds',
      tags: [],
      order: 100,
      draft: false,
      updated: new Date('2026-01-01'),
    });
    expect(result.parts).toMatchObject({ body: '\nBody\n', bodyFirstLine: 6 });
  });
});

describe('frontmatter is read as the build reads it', () => {
  it("dates, numbers and look-alikes get the same types as with js-yaml (the build's parser)", () => {
    const source = [
      'a: 2026-03-14',
      'b: 2026-3-4',
      'c: 2026-03-14 10:20:30',
      'd: 2026-3-4T1:02:03.5+02:30',
      'e: "2026-03-14"',
      'f: 2026-02-30',
      'g: yes',
      'h: 0x1F',
      'i: 1_000',
      'j: 12:30',
      'k: 1.0',
      'l: ~',
      'm: [a, "b", c d]',
    ].join('\n');
    const parsed = parseYaml(source);
    expect(parsed.ok && parsed.data).toEqual(jsYaml.load(source));
  });
});

describe('categories.yml problems', () => {
  it('name the category and the line, for every entry', () => {
    const source = file(
      '# Categories',
      'billing:',
      '  title: Billing',
      '  descripton: Plans and refunds.',
      'Getting Started:',
      '  title: Getting started',
      '  description: First steps.',
      '  order: first',
    );
    const result = readCategories(source);
    expect(result.problems.map(({ line, message }) => `${line}: ${message}`)).toEqual([
      '2: billing: description is required',
      '4: billing: descripton is not a known field (did you mean description?)',
      '5: category slug "Getting Started" must be lowercase words joined by hyphens (like "reset-password")',
      '8: Getting Started: order must be a whole number',
    ]);
    // Both are still known as listed, so their articles are not also reported as unlisted.
    expect(result.slugs).toEqual(new Set(['billing', 'Getting Started']));
  });

  it('a YAML mistake is reported on its line', () => {
    const result = readCategories(file('billing:', '  title: Billing', '\tdescription: Tabs.'));
    expect(result.problems).toEqual([{ line: 3, message: 'invalid YAML: tabs are not allowed as indentation' }]);
    expect(result.slugs).toBeUndefined();
  });
});
