import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRandom, createZipf, type Random } from './random';
import { CATEGORIES, ENGLISH, FAQ_TAG, RUSSIAN, TAGS, type Language } from './vocabulary';

/** What to generate and where. */
export interface CorpusOptions {
  /** An empty directory; it gets `<locale>/categories.yml` and `<locale>/<category>/<id>.md`. */
  dir: string;
  /** English articles to write; every fifth also gets a Russian translation (same id, its own text). */
  articles: number;
  seed: number;
  /** English words whose document frequency (share of English articles containing them) is reported. */
  trackWords?: readonly string[];
}

/** What was generated, so the report can say what the build was fed. */
export interface CorpusStats {
  enArticles: number;
  ruArticles: number;
  categories: number;
  /** Words per article body (both locales): headings, paragraphs, lists and tables; code not counted. */
  words: { total: number; mean: number; min: number; max: number };
  /** Distinct lowercase words in each locale. */
  distinctWords: { en: number; ru: number };
  /** Share of words drawn from the long tail of rare words (names, jargon) rather than the core vocabulary. */
  tailShare: number;
  faqArticles: number;
  withTable: number;
  withCode: number;
  /** Bytes of Markdown written. */
  sourceBytes: number;
  /** For each tracked word, the share of English articles whose text contains it. */
  documentFrequency: Record<string, number>;
}

/** One article in five is translated: an exact share, so even a 10-article corpus has a Russian index. */
const TRANSLATED_EVERY = 5;
/** Share of words taken from the rare-word tail: with the ~450-word core this gives realistic vocabulary growth. */
const TAIL_SHARE = 0.12;
const TAIL_SIZE = 40_000;
const MIN_WORDS = 300;
const MAX_WORDS = 1200;
const FAQ_SHARE = 0.03;
const TABLE_SHARE = 0.15;
const CODE_SHARE = 0.12;

/** Writes text in one language from its word list, counting what it writes. */
class Writer {
  readonly distinct = new Set<string>();
  /** Lowercase words of the article being written. */
  articleWords = new Set<string>();
  tokens = 0;
  tailTokens = 0;
  private readonly coreRank: (random: Random) => number;
  private readonly contentRank: (random: Random) => number;
  private readonly tailRank: (random: Random) => number;

  constructor(
    private readonly language: Language,
    private readonly random: Random,
  ) {
    this.coreRank = createZipf(language.core.length, 1, 2.7);
    this.contentRank = createZipf(language.core.length - language.contentStart, 1, 2.7);
    this.tailRank = createZipf(TAIL_SIZE, 1);
  }

  /** Any word, as it would appear in running text. */
  word(): string {
    if (this.random.chance(TAIL_SHARE)) {
      this.tailTokens += 1;
      return this.count(this.tailWord(this.tailRank(this.random)));
    }
    return this.count(this.language.core[this.coreRank(this.random)] ?? '');
  }

  /** A content word: what headings, titles, table cells and keywords are made of. */
  contentWord(): string {
    return this.count(this.language.core[this.language.contentStart + this.contentRank(this.random)] ?? '');
  }

  /** A sentence of exactly `length` words, optionally with a link over two of them. */
  sentence(length: number, link?: string): string {
    const parts: string[] = [];
    for (let i = 0; i < length; i++) {
      if (i > 0 && this.random.chance(0.02)) {
        parts.push(String(this.random.pick([2, 3, 5, 7, 10, 14, 24, 30, 60, 90, 100])));
        this.tokens += 1;
      } else {
        parts.push(this.word());
      }
    }
    parts[0] = capitalize(parts[0] ?? '');
    if (length >= 6 && this.random.chance(0.12)) {
      // A bold UI label, the way help articles name menus: **Settings → Payments**.
      const at = this.random.int(1, length - 2);
      parts.splice(at, 2, `**${capitalize(parts[at] ?? '')} ${this.language.menuArrow} ${capitalize(parts[at + 1] ?? '')}**`);
    }
    if (link && parts.length >= 4) {
      const at = this.random.int(1, parts.length - 2);
      parts.splice(at, 2, `[${parts[at]} ${parts[at + 1]}](${link})`);
    }
    for (let i = 1; i < parts.length - 1; i++) {
      if (this.random.chance(0.08)) parts[i] += ',';
    }
    return `${parts.join(' ')}.`;
  }

  /** Sentences of 6–20 words adding up to `length` words. */
  paragraph(length: number, link?: string): string {
    const sentences: string[] = [];
    let left = length;
    while (left > 0) {
      let size = Math.min(left, this.random.int(6, 20));
      if (left - size < 4) size = left;
      sentences.push(this.sentence(size, sentences.length === 0 ? link : undefined));
      left -= size;
    }
    return sentences.join(' ');
  }

  /** A title-like phrase: "Set up recurring invoice", "Как подключить банк". */
  phrase(minWords: number, maxWords: number, withVerb: boolean): string {
    const parts: string[] = [];
    if (withVerb) {
      parts.push(this.random.pick(this.language.titleVerbs));
      this.tokens += parts[0]?.split(' ').length ?? 0;
    }
    const count = this.random.int(minWords, maxWords);
    for (let i = 0; i < count; i++) parts.push(this.contentWord());
    return capitalize(parts.join(' '));
  }

  private tailWord(rank: number): string {
    const syllables = this.language.tailSyllables;
    const parts: string[] = [];
    let n = rank;
    do {
      parts.push(syllables[n % syllables.length] ?? '');
      n = Math.floor(n / syllables.length);
    } while (n > 0);
    if (parts.length < 2) parts.push(syllables[0] ?? '');
    return parts.join('');
  }

  private count(word: string): string {
    this.tokens += 1;
    const lower = word.toLowerCase();
    this.distinct.add(lower);
    this.articleWords.add(lower);
    return word;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** What one article body should contain. */
interface BodyPlan {
  words: number;
  links: string[];
  table: boolean;
  code: boolean;
}

/** An article body: an intro, then 3–7 `##` sections with paragraphs, lists, now and then `###`, a table, a code sample. */
function writeBody(writer: Writer, random: Random, plan: BodyPlan): string {
  const blocks: string[] = [];
  const links = [...plan.links];
  const intro = random.int(30, 70);
  blocks.push(writer.paragraph(intro, links.shift()));
  const sectionCount = Math.min(7, Math.max(3, Math.round(plan.words / 170)));
  const budget = Math.max(40, Math.floor((plan.words - intro) / sectionCount));
  const tableIn = plan.table ? random.int(0, sectionCount - 1) : -1;
  const codeIn = plan.code ? random.int(0, sectionCount - 1) : -1;

  for (let section = 0; section < sectionCount; section++) {
    blocks.push(`## ${writer.phrase(1, 3, random.chance(0.5))}`);
    const start = writer.tokens;
    let listed = false;
    let sub = false;
    while (writer.tokens - start < budget) {
      const left = budget - (writer.tokens - start);
      if (!listed && left > 30 && random.chance(0.35)) {
        listed = true;
        const ordered = random.chance(0.5);
        const items: string[] = [];
        const count = random.int(3, 6);
        for (let i = 0; i < count; i++) items.push(`${ordered ? `${i + 1}.` : '-'} ${writer.sentence(random.int(4, 14))}`);
        blocks.push(items.join('\n'));
      } else if (!sub && left > 60 && blocks.length > 1 && random.chance(0.25)) {
        sub = true;
        blocks.push(`### ${writer.phrase(2, 4, false)}`);
      } else {
        const link = random.chance(0.4) ? links.shift() : undefined;
        blocks.push(writer.paragraph(Math.max(10, Math.min(left, random.int(35, 90))), link));
      }
    }
    if (section === tableIn) blocks.push(writeTable(writer, random));
    if (section === codeIn) blocks.push(writeCode(writer, random));
  }
  return `${blocks.join('\n\n')}\n`;
}

function writeTable(writer: Writer, random: Random): string {
  const columns = 3;
  const header = Array.from({ length: columns }, () => capitalize(writer.contentWord()));
  const rows = Array.from({ length: random.int(3, 6) }, () =>
    Array.from({ length: columns }, () => Array.from({ length: random.int(1, 3) }, () => writer.word()).join(' ')),
  );
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function writeCode(writer: Writer, random: Random): string {
  // Code samples use English identifiers whatever the article's language, as real API docs do.
  const resource = slugify(ENGLISH.core[ENGLISH.contentStart + random.int(0, 60)] ?? 'invoice') || 'invoice';
  if (random.chance(0.5)) {
    return [
      '```bash',
      `curl -X GET "https://api.example.com/v1/${resource}s?limit=${random.int(10, 100)}" \\`,
      '  -H "Authorization: Bearer $API_TOKEN"',
      '```',
    ].join('\n');
  }
  const fields = Array.from({ length: random.int(3, 7) }, (_, i) => {
    const key = slugify(ENGLISH.core[ENGLISH.contentStart + random.int(0, 200)] ?? `field${i}`).replaceAll('-', '_');
    const value = random.chance(0.5) ? String(random.int(1, 5000)) : JSON.stringify(writer.word());
    return `  "${key || `field${i}`}": ${value}`;
  });
  return ['```json', '{', fields.join(',\n'), '}', '```'].join('\n');
}

function categoriesYaml(locale: 'en' | 'ru'): string {
  const lines = [`# Generated by bench/lib/corpus.ts.`];
  CATEGORIES.forEach((category, index) => {
    lines.push(`${category.slug}:`);
    lines.push(`  title: ${JSON.stringify(category[locale].title)}`);
    lines.push(`  description: ${JSON.stringify(category[locale].description)}`);
    lines.push(`  order: ${index + 1}`);
  });
  return `${lines.join('\n')}\n`;
}

function frontmatter(fields: {
  title: string;
  description: string;
  tags: string[];
  keywords: string[];
  order: number;
  updated: string;
  related: string[];
}): string {
  const lines = ['---', `title: ${JSON.stringify(fields.title)}`, `description: ${JSON.stringify(fields.description)}`];
  if (fields.tags.length) lines.push(`tags: [${fields.tags.join(', ')}]`);
  if (fields.keywords.length) lines.push(`keywords: [${fields.keywords.map((keyword) => JSON.stringify(keyword)).join(', ')}]`);
  lines.push(`order: ${fields.order}`, `updated: ${fields.updated}`);
  if (fields.related.length) lines.push(`related: [${fields.related.join(', ')}]`);
  lines.push('---', '');
  return lines.join('\n');
}

/** One sentence of at most 300 characters, as the schema wants. */
function description(writer: Writer, random: Random): string {
  let text = writer.sentence(random.int(12, 28));
  while (text.length > 300) text = `${text.slice(0, text.lastIndexOf(' ', 290))}.`;
  return text;
}

function keywords(writer: Writer, random: Random): string[] {
  return Array.from({ length: random.int(0, 4) }, () => {
    const keyword = Array.from({ length: random.int(1, 2) }, () => writer.contentWord().toLowerCase()).join(' ');
    if (keyword.length < 5 || !random.chance(0.3)) return keyword;
    // A misspelling readers type ("pasword"): the reason keywords exist.
    const at = random.int(1, keyword.length - 2);
    return keyword.slice(0, at) + keyword.slice(at + 1);
  }).filter((keyword) => keyword.trim().length > 0);
}

function isoDate(random: Random): string {
  const day = new Date(Date.UTC(2024, 0, 1) + random.int(0, 1000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Writes a synthetic help center; the same seed and size always give byte-identical files. */
export async function generateCorpus(options: CorpusOptions): Promise<CorpusStats> {
  const random = createRandom(options.seed);
  const en = new Writer(ENGLISH, random);
  const ru = new Writer(RUSSIAN, random);
  const categoryRank = createZipf(CATEGORIES.length, 0.5);
  const tagRank = createZipf(TAGS.length, 1);

  // First the skeleton (ids, categories, titles), so links and `related` can point anywhere.
  const used = new Set<string>();
  const articles = Array.from({ length: options.articles }, (_, index) => {
    const category = CATEGORIES[categoryRank(random)] ?? CATEGORIES[0]!;
    const title = en.phrase(1, 3, true);
    let id = slugify(title);
    for (let n = 2; used.has(id); n++) id = `${slugify(title)}-${n}`;
    used.add(id);
    return { index, id, title, category, translated: index % TRANSLATED_EVERY === 2 || options.articles === 1 };
  });
  const translated = articles.filter((article) => article.translated);
  const byCategory = new Map<string, typeof articles>();
  for (const article of articles) {
    const list = byCategory.get(article.category.slug) ?? [];
    list.push(article);
    byCategory.set(article.category.slug, list);
  }
  const orderIn = new Map<string, number>();

  for (const locale of ['en', 'ru'] as const) {
    await mkdir(join(options.dir, locale), { recursive: true });
    await writeFile(join(options.dir, locale, 'categories.yml'), categoriesYaml(locale));
    for (const category of CATEGORIES) await mkdir(join(options.dir, locale, category.slug), { recursive: true });
  }

  const stats: CorpusStats = {
    enArticles: articles.length,
    ruArticles: translated.length,
    categories: CATEGORIES.length,
    words: { total: 0, mean: 0, min: Infinity, max: 0 },
    distinctWords: { en: 0, ru: 0 },
    tailShare: 0,
    faqArticles: 0,
    withTable: 0,
    withCode: 0,
    sourceBytes: 0,
    documentFrequency: {},
  };
  const tracked = new Map((options.trackWords ?? []).map((word) => [word.toLowerCase(), 0]));

  for (const article of articles) {
    const peers = (byCategory.get(article.category.slug) ?? []).filter((other) => other.id !== article.id);
    orderIn.set(article.category.slug, (orderIn.get(article.category.slug) ?? 0) + 1);
    const order = orderIn.get(article.category.slug) ?? 1;
    const updated = isoDate(random);
    const faq = random.chance(FAQ_SHARE);
    const tags = new Set<string>();
    if (random.chance(0.8)) tags.add(random.pick(article.category.tags));
    for (let i = random.int(0, 2); i > 0; i--) tags.add(TAGS[tagRank(random)] ?? 'data');
    if (faq) tags.add(FAQ_TAG);

    for (const locale of ['en', 'ru'] as const) {
      if (locale === 'ru' && !article.translated) continue;
      const writer = locale === 'en' ? en : ru;
      const pool = locale === 'en' ? articles : translated;
      const localPeers = locale === 'en' ? peers : peers.filter((peer) => peer.translated);
      const prefix = locale === 'en' ? '' : '/ru';
      const links = Array.from({ length: random.int(0, 3) }, () => {
        const target = random.chance(0.5) && localPeers.length ? random.pick(localPeers) : random.pick(pool);
        return `${prefix}/articles/${target.id}/`;
      });
      const related = random.chance(0.6) && localPeers.length ? [random.pick(localPeers).id] : [];
      const plan: BodyPlan = {
        words: MIN_WORDS + Math.round((MAX_WORDS - MIN_WORDS) * random.next() ** 2),
        links,
        table: random.chance(TABLE_SHARE),
        code: random.chance(CODE_SHARE),
      };
      const title = locale === 'en' ? article.title : writer.phrase(1, 3, true);
      writer.articleWords = new Set();
      const before = writer.tokens;
      const body = writeBody(writer, random, plan);
      const words = writer.tokens - before;
      const source =
        frontmatter({
          title,
          description: description(writer, random),
          tags: [...tags],
          keywords: keywords(writer, random),
          order,
          updated,
          related,
        }) +
        '\n' +
        body;
      await writeFile(join(options.dir, locale, article.category.slug, `${article.id}.md`), source);

      stats.sourceBytes += Buffer.byteLength(source);
      stats.words.total += words;
      stats.words.min = Math.min(stats.words.min, words);
      stats.words.max = Math.max(stats.words.max, words);
      if (plan.table) stats.withTable += 1;
      if (plan.code) stats.withCode += 1;
      if (locale === 'en') {
        if (faq) stats.faqArticles += 1;
        for (const [word, count] of tracked) if (writer.articleWords.has(word)) tracked.set(word, count + 1);
      }
    }
  }

  const files = stats.enArticles + stats.ruArticles;
  stats.words.mean = files ? stats.words.total / files : 0;
  stats.distinctWords = { en: en.distinct.size, ru: ru.distinct.size };
  stats.tailShare = (en.tailTokens + ru.tailTokens) / Math.max(1, en.tokens + ru.tokens);
  for (const [word, count] of tracked) stats.documentFrequency[word] = count / Math.max(1, articles.length);
  return stats;
}
