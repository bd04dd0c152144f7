import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleRecord, type ArticleRecord } from '../../api/deflection/article-record';
import { evaluateDeflection, readPairs } from '../../api/deflection/evaluate';
import { loadMarkdownCorpus } from '../../api/deflection/load-corpus';
import { createSuggestionIndex, type Suggestion, type SuggestionIndex } from '../../api/deflection/suggestion-index';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const devSet = resolve(repoRoot, '..', 'shared', 'eval', 'deflection-dev');

const record = (source: string, path = 'guide.md') =>
  createArticleRecord({ path, source, locale: 'en', id: 'guide', url: '/guide/' });
const plain = (suggestion: Suggestion | undefined) => suggestion?.snippet.map((segment) => segment.text).join('') ?? '';
const marked = (suggestion: Suggestion | undefined) =>
  suggestion?.snippet.filter((segment) => segment.match).map((segment) => segment.text.toLowerCase()) ?? [];

describe('article records', () => {
  it('gives headings the anchors the help center gives them, repeated headings included', () => {
    const { sections } = record(
      '---\ntitle: Reset\ndescription: x\n---\n\n## If the reset email doesn’t arrive\n\ntext\n\n## Setup\n\na\n\n## Setup\n\nb\n\n## The `--force` flag\n',
    );
    expect(sections.map((section) => section.anchor)).toEqual([
      'if-the-reset-email-doesnt-arrive',
      'setup',
      'setup-1',
      'the---force-flag',
    ]);
  });

  it('keeps Cyrillic letters in anchors', () => {
    const { sections } = record('## Если письмо не пришло\n\nПроверьте папку «Спам».\n');
    expect(sections[0]?.anchor).toBe('если-письмо-не-пришло');
  });

  it('honours explicit { #id } and {#id} after a heading and strips them from the heading text', () => {
    const { sections, headings } = record(
      '## Making backups {#backup}\n\nx\n\n### Document `retagger` { #retagger .cls }\n\ny\n',
    );
    expect(sections.map((section) => section.anchor)).toEqual(['backup', 'retagger']);
    expect(headings).toEqual(['Making backups', 'Document retagger']);
  });

  it('takes the title from a leading # H1 when there is no frontmatter, and from the file name when there is neither', () => {
    expect(record('# Troubleshooting\n\nIntro.\n\n## Consumer fails\n\nPoll.\n').title).toBe('Troubleshooting');
    expect(record('Just text.\n', 'docs/getting_started.md').title).toBe('Getting started');
    // The leading H1 is the page title, not a section of it.
    expect(record('# Troubleshooting\n\n## Consumer fails\n').sections.map((s) => s.heading)).toEqual(['Consumer fails']);
  });

  it('reads MkDocs frontmatter and admonitions as prose, keeps code identifiers, and drops markup', () => {
    const source = [
      '---',
      'search:',
      '  boost: 2',
      '---',
      '# Setup',
      '',
      '!!! note "Polling"',
      '',
      '    Set `APP_CONSUMER_POLLING` when **inotify** does not work.',
      '',
      '| Option | Meaning |',
      '| --- | --- |',
      '| `--check` | Exit code 1 |',
      '',
      '<div class="grid">Some <b>HTML</b></div>',
      '',
      '```yaml',
      'APP_OCR_LANGUAGE: deu',
      '```',
    ].join('\n');
    const { title, text } = record(source);
    expect(title).toBe('Setup');
    expect(text).toContain('Polling');
    expect(text).toContain('Set APP_CONSUMER_POLLING when inotify does not work.');
    expect(text).toContain('APP_OCR_LANGUAGE');
    expect(text).toContain('HTML');
    expect(text).not.toMatch(/!!!|\*\*|<b>|\|/);
  });
});

describe('loading a folder of Markdown', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docket-deflection-'));
    await mkdir(join(dir, 'guides', '_partials'), { recursive: true });
    await writeFile(join(dir, 'index.md'), '# Home\n\nWelcome.\n');
    await writeFile(join(dir, 'guides', 'install.md'), '---\ntitle: Install\n---\n\nRun it.\n');
    await writeFile(join(dir, 'guides', 'draft.md'), '---\ntitle: Not yet\ndraft: true\n---\n\nSoon.\n');
    await writeFile(join(dir, 'guides', '_snippet.md'), 'Included elsewhere.\n');
    await writeFile(join(dir, 'guides', '_partials', 'x.md'), 'Partial.\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names docs pages by path, serves index pages at their folder, and skips drafts and _ files', async () => {
    const records = await loadMarkdownCorpus(dir);
    expect(records.map((r) => [r.id, r.url, r.title])).toEqual([
      ['guides/install', '/guides/install/', 'Install'],
      ['index', '/', 'Home'],
    ]);
  });

  it("reads Docket's content folder with the help center's URLs and locales", async () => {
    const records = await loadMarkdownCorpus(join(repoRoot, 'content'));
    const reset = records.filter((r) => r.id === 'reset-password');
    expect(reset.map((r) => [r.locale, r.url]).sort()).toEqual([
      ['en', '/articles/reset-password/'],
      ['ru', '/ru/articles/reset-password/'],
    ]);
    expect(records.some((r) => r.id === '_template' || r.id === 'README')).toBe(false);
  });
});

describe('suggestions on the demo help center', () => {
  let index: SuggestionIndex;
  let records: ArticleRecord[];
  beforeAll(async () => {
    records = await loadMarkdownCorpus(join(repoRoot, 'content'));
    index = createSuggestionIndex(records);
  });
  const suggest = (query: string, locale = 'en', limit = 5) => index.suggest(query, { locale, limit });
  const pageOf = (suggestion: Suggestion | undefined) => suggestion?.url.split('#')[0];

  it('answers "how do I reset my password" with the reset article first', () => {
    expect(pageOf(suggest('how do I reset my password')[0])).toBe('/articles/reset-password/');
  });

  it('still finds it through typos', () => {
    expect(pageOf(suggest('pasword resset')[0])).toBe('/articles/reset-password/');
  });

  it('completes a word still being typed', () => {
    expect(pageOf(suggest('reset my passw')[0])).toBe('/articles/reset-password/');
  });

  it('answers a Russian question from the Russian articles', () => {
    expect(pageOf(suggest('как сбросить пароль', 'ru')[0])).toBe('/ru/articles/reset-password/');
  });

  it('links straight to the section that answers the question', () => {
    const [first] = suggest('I no longer have access to the email address on my account, how can I reset the password?');
    expect(first?.url).toBe('/articles/reset-password/#if-you-no-longer-have-access-to-your-email');
    expect(first?.sectionTitle).toBe('If you no longer have access to your email');
  });

  it('never suggests an article of another locale', () => {
    const suggestions = suggest('how do I reset my password, the email never arrives', 'ru');
    expect(suggestions.length).toBeGreaterThan(0);
    for (const suggestion of suggestions) expect(suggestion.url).toMatch(/^\/ru\//);
    expect(suggest('reset password', 'de')).toEqual([]);
  });

  it('lists each article once, best first, at most the limit', () => {
    const suggestions = suggest('invoice payment reminder email client', 'en', 3);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(new Set(suggestions.map((s) => s.id)).size).toBe(suggestions.length);
    expect(suggestions[0]?.score).toBe(1);
    const scores = suggestions.map((s) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('marks the matched words in a plain-text snippet, word forms included', () => {
    const [first] = suggest('resetting passwords');
    expect(marked(first).some((word) => word.startsWith('password'))).toBe(true);
    expect(marked(first).some((word) => word.startsWith('reset'))).toBe(true);
    expect(plain(first).length).toBeLessThanOrEqual(220);
    expect(plain(first)).not.toMatch(/<mark|<\/?b>/);
  });

  it('leaves escaping to the caller: markup in an article comes back as text', () => {
    const withMarkup = createArticleRecord({
      path: 'x.md',
      source: '---\ntitle: Embed the widget\n---\n\nPaste `<script src="widget.js"></script>` before the closing body tag.\n',
      locale: 'en',
      id: 'widget',
      url: '/articles/widget/',
    });
    const [first] = createSuggestionIndex([withMarkup]).suggest('embed widget script', { locale: 'en', limit: 5 });
    expect(plain(first)).toContain('<script src="widget.js"></script>');
  });

  it('stays calm on empty, blank and enormous questions', () => {
    expect(suggest('')).toEqual([]);
    expect(suggest('   \n\t  ')).toEqual([]);
    expect(suggest('?!… --- ```')).toEqual([]);
    const huge = 'My invoice reminder emails are not sent to the client. '.repeat(200).slice(0, 10_240);
    const suggestions = suggest(huge, 'en', 20);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(20);
    for (const suggestion of suggestions) expect(plain(suggestion).length).toBeLessThanOrEqual(220);
    expect(suggest('a'.repeat(10_240))).toEqual([]);
  });
});

describe('measured quality', () => {
  it('scores a ranking: an answer the index cannot give counts as a miss', () => {
    const records = [record('## Polling\n\nEnable polling when new files are not picked up.\n')];
    const pairs = readPairs(
      [
        JSON.stringify({
          id: 'hit',
          question_title: 'new files not picked up',
          expected: ['guide.md'],
          expected_anchors: ['guide.md#Polling'],
        }),
        JSON.stringify({ id: 'miss', question_title: 'new files not picked up', expected: ['other.md'], expected_anchors: [] }),
      ].join('\n'),
    );
    const report = evaluateDeflection(records, pairs);
    expect(report.docket.page['recall@1']).toBe(0.5);
    expect(report.docket.section['recall@1']).toBe(0.5);
    expect(report.questions).toBe(2);
  });

  it('beats plain BM25 by at least 10 points of page recall@3 on the dev set of real questions', async () => {
    if (!existsSync(devSet)) throw new Error(`The deflection dev set is missing: expected it at ${devSet}.`);
    const records = await loadMarkdownCorpus(join(devSet, 'corpus'));
    const report = evaluateDeflection(records, readPairs(await readFile(join(devSet, 'pairs.jsonl'), 'utf8')));
    expect(report.questions).toBeGreaterThan(0);
    expect(report.docket.page['recall@3']).toBeGreaterThanOrEqual(report.baseline.page['recall@3'] + 0.1);
  }, 120_000);
});
