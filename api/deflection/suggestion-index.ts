import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { splitWords } from '../../src/utils/text';
import { createAnalyzer, type Analyzer } from './analyzer';
import type { ArticleRecord } from './article-record';
import { packIndex, scoreDocuments, type Clause, type PackedIndex, type Scores } from './packed-index';
import { analyzeQuery, genericTermsOf, type QueryTerm, type TermStats } from './query';
import { buildSnippet, type SnippetSegment } from './snippet';

/** One suggested article, best first. */
export interface Suggestion {
  id: string;
  /** The article URL, with `#anchor` when one section answers the question better than the page as a whole. */
  url: string;
  title: string;
  /** The heading `url` points at, when it points at a section. */
  sectionTitle?: string;
  /** About two lines of the text that matched, the matched words marked. Plain text: escape it when showing it. */
  snippet: SnippetSegment[];
  /** Relevance, comparable only within one answer: 1 for the best suggestion. */
  score: number;
}

/** What to suggest. */
export interface SuggestOptions {
  /** Only articles of this locale are suggested; a locale without articles gets none. */
  locale: string;
  /** How many suggestions at most (1–20; default 5). */
  limit?: number;
}

/** An in-memory index over the help center's articles, every locale. */
export interface SuggestionIndex {
  /** Articles that answer a customer's question (subject, newline, message), best first. Never throws. */
  suggest(query: string, options: SuggestOptions): Suggestion[];
}

// Where a word appears says how much the article is about it. A section document carries its article's title
// lower: it places the section, but every section of the article shares it.
const PAGE_FIELDS: FieldBoosts = {
  all: { title: 4, keywords: 3, headings: 2, description: 2, body: 1 },
  names: ['title', 'keywords'],
  titles: ['title', 'keywords'],
};
// Only the section's own heading names it: parents and the article title repeat on every section of the article,
// so searching them for common words would read the same article many times over.
const SECTION_FIELDS: FieldBoosts = { all: { heading: 3, parents: 1, title: 1, body: 1 }, names: ['heading'], titles: [] };

/** Each field's weight, and the short fields that name topics (searched alone for very common words, typos and completions). */
interface FieldBoosts {
  all: Record<string, number>;
  names: string[];
  titles: string[];
}
const MAX_LIMIT = 20;

/**
 * Release notes mention every feature and setting in passing, so they match almost any question, yet they record
 * what changed rather than explain how to do something. They are still suggested, after the explanations.
 */
const RELEASE_NOTES = /\b(?:change ?log|release[ -]?notes|what['’]?s new|version history)\b/i;
const RELEASE_NOTES_FACTOR = 0.5;
/** Candidates from each index that take part in the final ranking: enough to recover from either one's mistakes. */
const CANDIDATES = 60;
/**
 * Page score = this share of the whole-article evidence + the rest from its best section. The best passage is the
 * stronger signal (an answer sits in one place; a long page touches every word somewhere), the whole article
 * breaks ties and rescues answers spread over several sections.
 */
const PAGE_SHARE = 0.3;
/** Suggestions scoring below this share of the best one are left out. */
const MIN_SHARE_OF_BEST = 0.05;
/** A section becomes the link when it scores at least this share of the best section for the question. */
const ANCHOR_SCORE = 0.5;

interface PageDoc {
  id: number;
  title: string;
  keywords: string;
  headings: string;
  description: string;
  body: string;
}

interface SectionDoc {
  id: number;
  heading: string;
  parents: string;
  title: string;
  body: string;
}

interface SectionEntry {
  page: number;
  anchor: string;
  heading: string;
  text: string;
}

interface LocaleIndex {
  analyzer: Analyzer;
  pages: PackedIndex;
  sections: PackedIndex;
  records: ArticleRecord[];
  sectionEntries: SectionEntry[];
  stats: Map<string, TermStats>;
  /** The same terms in a radix tree, for correcting misspelt words (MiniSearch's Levenshtein search). */
  vocabulary: SearchableMap<TermStats>;
  /**
   * The same terms in code-unit order, for listing the completions of a half-typed word: a prefix's completions
   * are one run of it (binary search, then a scan). Walking the tree for them cost ~2 µs a term, and a common
   * prefix has hundreds (765 for "setting" at 10,000 articles, identifiers included).
   */
  sortedTerms: string[];
  /** Articles that are release notes (by title or path). */
  releaseNotes: Set<number>;
  unitCount: number;
  genericTerms: Set<string>;
}

/**
 * Builds the suggestion index: per locale, one search index of whole articles and one of their sections (built by
 * MiniSearch, packed for scoring: BM25 with field weights), stemmed and with stop words per locale, plus the
 * vocabulary for typo correction (a radix tree) and completing the word being typed (sorted). On top of that,
 * `suggest` picks the telling words of long questions, weighs rare exact tokens, keeps each question within a
 * fixed amount of work, combines article-level and best-section evidence, and lists each article once, linked at
 * its best section when that section is the answer.
 * Build it once (seconds for thousands of articles) and share it; it is read-only afterwards.
 */
export function createSuggestionIndex(records: readonly ArticleRecord[]): SuggestionIndex {
  const byLocale = new Map<string, ArticleRecord[]>();
  for (const record of records) {
    const list = byLocale.get(record.locale) ?? [];
    list.push(record);
    byLocale.set(record.locale, list);
  }
  const indexes = new Map<string, LocaleIndex>();
  for (const [locale, localeRecords] of byLocale) indexes.set(locale, buildLocaleIndex(locale, localeRecords));

  return {
    suggest(query, options) {
      const index = indexes.get(options.locale);
      if (!index || typeof query !== 'string') return [];
      const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit ?? 5) || 5));
      return suggestIn(index, query, limit);
    },
  };
}

function buildLocaleIndex(locale: string, records: ArticleRecord[]): LocaleIndex {
  const analyzer = createAnalyzer(locale);
  const processTerm = (token: string) => analyzer.terms(token) as string[];
  const pages = new MiniSearch<PageDoc>({
    fields: ['title', 'keywords', 'headings', 'description', 'body'],
    tokenize: splitWords,
    processTerm,
  });
  const sections = new MiniSearch<SectionDoc>({
    fields: ['heading', 'parents', 'title', 'body'],
    tokenize: splitWords,
    processTerm,
  });

  const sectionEntries: SectionEntry[] = [];
  const stats = new Map<string, TermStats>();
  const statsOf = (term: string) => {
    let found = stats.get(term);
    if (!found) {
      found = { units: 0, occurrences: 0, headings: 0, titles: 0 };
      stats.set(term, found);
    }
    return found;
  };
  /** Counts one search unit: `names` are its title and keywords, or its heading (the words writers name topics with). */
  const countUnit = (names: string[], texts: string[], kind: 'titles' | 'headings') => {
    const counts = new Map<string, number>();
    for (const text of [...names, ...texts]) {
      for (const word of splitWords(text)) for (const term of analyzer.terms(word)) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    for (const [term, count] of counts) {
      const entry = statsOf(term);
      entry.units += 1;
      entry.occurrences += count;
    }
    const named = new Set<string>();
    for (const name of names) for (const word of splitWords(name)) for (const term of analyzer.terms(word)) named.add(term);
    for (const term of named) statsOf(term)[kind] += 1;
  };

  const pageDocs: PageDoc[] = [];
  const sectionDocs: SectionDoc[] = [];
  records.forEach((record, page) => {
    pageDocs.push({
      id: page,
      title: record.title,
      keywords: record.keywords.join('\n'),
      headings: record.headings.join('\n'),
      description: record.description,
      body: record.text,
    });
    // The article's head (title, summary, keywords) is a unit of its own for term rarity, like each section.
    countUnit([record.title, ...record.keywords], [record.description], 'titles');
    const path: Array<{ depth: number; heading: string }> = [];
    // The text before the first heading is a unit too (linked as the page itself), so every word of the body
    // is in exactly one section document.
    const intro = introOf(record);
    if (intro) {
      sectionDocs.push({ id: sectionEntries.length, heading: '', parents: '', title: record.title, body: intro });
      sectionEntries.push({ page, anchor: '', heading: '', text: intro });
      countUnit([], [intro], 'headings');
    }
    for (const section of record.sections) {
      while (path.length > 0 && (path.at(-1)?.depth ?? 0) >= section.depth) path.pop();
      sectionDocs.push({
        id: sectionEntries.length,
        heading: section.heading,
        parents: path.map((parent) => parent.heading).join('\n'),
        title: record.title,
        body: section.text,
      });
      sectionEntries.push({ page, anchor: section.anchor, heading: section.heading, text: section.text });
      countUnit([section.heading], [section.text], 'headings');
      path.push({ depth: section.depth, heading: section.heading });
    }
  });
  pages.addAll(pageDocs);
  sections.addAll(sectionDocs);
  return {
    analyzer,
    pages: packIndex(pages),
    sections: packIndex(sections),
    records,
    sectionEntries,
    stats,
    vocabulary: SearchableMap.from(stats),
    sortedTerms: [...stats.keys()].sort(),
    releaseNotes: new Set(records.flatMap((record, page) => (isReleaseNotes(record) ? [page] : []))),
    unitCount: Math.max(1, records.length + sectionEntries.length),
    genericTerms: genericTermsOf(analyzer),
  };
}

interface Candidate {
  page: number;
  pageScore: number;
  best?: { section: number; score: number; matched: number };
  /** Bits of the terms the article matched as a whole. */
  matched: number;
}

/** A document's terms are recorded as bits of a 32-bit mask; a question is analyzed into fewer terms than that. */
const MAX_SCORED_TERMS = 32;

function suggestIn(index: LocaleIndex, query: string, limit: number): Suggestion[] {
  const terms = analyzeQuery(query, {
    analyzer: index.analyzer,
    stats: (term) => index.stats.get(term),
    completions: (prefix) => completionsOf(index.sortedTerms, prefix, index.stats),
    corrections: (term, maxDistance) => {
      const found: Array<[string, TermStats, number]> = [];
      for (const [key, [stats, distance]] of index.vocabulary.fuzzyGet(term, maxDistance)) found.push([key, stats, distance]);
      return found;
    },
    unitCount: index.unitCount,
    genericTerms: index.genericTerms,
  });
  if (terms.length === 0) return [];
  // Each term is searched once (analyzeQuery lists a term once) and is its bit of the `matched` masks.
  const termNames = terms.map((term) => term.term);

  const pages = search(index.pages, terms, PAGE_FIELDS);
  const sections = search(index.sections, terms, SECTION_FIELDS);
  const pageMax = pages.scores[0] ?? 0;
  const sectionMax = sections.scores[0] ?? 0;

  const candidates = new Map<number, Candidate>();
  const candidate = (page: number) => {
    let found = candidates.get(page);
    if (!found) {
      found = { page, pageScore: 0, matched: 0 };
      candidates.set(page, found);
    }
    return found;
  };
  for (let i = 0; i < Math.min(CANDIDATES, pages.documents.length); i++) {
    const entry = candidate(pages.documents[i] as number);
    entry.pageScore = pageMax > 0 ? (pages.scores[i] as number) / pageMax : 0;
    entry.matched |= pages.matched[i] as number;
  }
  for (let i = 0; i < sections.documents.length; i++) {
    const id = sections.documents[i] as number;
    const section = index.sectionEntries[id];
    if (!section) continue;
    const known = candidates.get(section.page);
    if (!known && candidates.size >= 2 * CANDIDATES) continue;
    const entry = known ?? candidate(section.page);
    const score = sectionMax > 0 ? (sections.scores[i] as number) / sectionMax : 0;
    if (!entry.best || score > entry.best.score) entry.best = { section: id, score, matched: sections.matched[i] as number };
  }

  const ranked = [...candidates.values()]
    .map((entry) => {
      const evidence = PAGE_SHARE * entry.pageScore + (1 - PAGE_SHARE) * (entry.best?.score ?? 0);
      return { entry, score: evidence * (index.releaseNotes.has(entry.page) ? RELEASE_NOTES_FACTOR : 1) };
    })
    .sort((a, b) => b.score - a.score || a.entry.page - b.entry.page);
  const top = ranked[0]?.score ?? 0;
  // A suggestion far weaker than the best one matched a stray word: showing it only costs the customer attention.
  const shown = ranked.filter(({ score }) => score >= MIN_SHARE_OF_BEST * top).slice(0, limit);

  return shown.map(({ entry, score }) => {
    const record = index.records[entry.page];
    if (!record) throw new Error(`Suggestion index out of step: no article #${entry.page}.`);
    const best = entry.best;
    const section = best ? index.sectionEntries[best.section] : undefined;
    const anchored = section !== undefined && section.anchor !== '' && best !== undefined && best.score >= ANCHOR_SCORE;
    const matched = termsOf(entry.matched | (best?.matched ?? 0), termNames);
    const snippetSource = anchored && section.text ? section.text : pageSnippetSource(record, section);
    return {
      id: record.id,
      url: anchored ? `${record.url}#${section.anchor}` : record.url,
      title: record.title,
      ...(anchored ? { sectionTitle: section.heading } : {}),
      snippet: buildSnippet(snippetSource, matched, index.analyzer),
      score: top > 0 ? Math.round((score / top) * 1000) / 1000 : 0,
    };
  });
}

/** What a page-level suggestion quotes: its best section if any matched, else its summary, else its start. */
function pageSnippetSource(record: ArticleRecord, section: SectionEntry | undefined): string {
  if (section?.text) return section.text;
  return record.description || record.text;
}

function isReleaseNotes(record: ArticleRecord): boolean {
  return RELEASE_NOTES.test(record.title) || RELEASE_NOTES.test(record.id.replace(/[-_/]/g, ' '));
}

/** The body text before the first heading: what `text` holds ahead of the sections (see `createArticleRecord`). */
function introOf(record: ArticleRecord): string {
  const tail = record.sections
    .flatMap((section) => [section.heading, section.text])
    .filter((part) => part !== '')
    .join('\n');
  if (!tail) return record.text.trim();
  return record.text.endsWith(tail) ? record.text.slice(0, record.text.length - tail.length).trim() : '';
}

/**
 * The documents of one index that match the question, best first. A document's score is its BM25 over the terms
 * (each term searched in the fields of its scope) times its coverage of the question: BM25 summed over the terms
 * rewards long documents that touch many of a rambling question's words a little each, so coverage is measured
 * in the terms' weights (IDF), not their number.
 */
function search(index: PackedIndex, terms: readonly QueryTerm[], fields: FieldBoosts): Scores {
  const clauses: Clause[] = [];
  for (const [scope, scopeFields] of [
    ['all', Object.keys(fields.all)],
    ['names', fields.names],
    ['titles', fields.titles],
  ] as const) {
    const scoped = terms.flatMap((term, bit) =>
      term.scope === scope && bit < MAX_SCORED_TERMS ? [{ term: term.term, boost: term.boost, bit }] : [],
    );
    if (scoped.length > 0 && scopeFields.length > 0) {
      clauses.push({ terms: scoped, fields: scopeFields.map((field) => [field, fields.all[field] ?? 1] as const) });
    }
  }
  const found = scoreDocuments(index, clauses);
  const totalWeight = terms.reduce((sum, term) => sum + term.weight, 0);
  for (let i = 0; i < found.documents.length; i++) {
    let matchedWeight = 0;
    const mask = found.matched[i] as number;
    for (let bit = 0; bit < Math.min(terms.length, MAX_SCORED_TERMS); bit++) {
      if (mask & (1 << bit)) matchedWeight += (terms[bit] as QueryTerm).weight;
    }
    found.scores[i] = (found.scores[i] as number) * (totalWeight > 0 ? matchedWeight / totalWeight : 0);
  }
  const count = found.documents.length;
  const order: number[] = [];
  for (let i = 0; i < count; i++) order.push(i);
  // The comparator answers in small integers: a fractional difference would be boxed on every comparison.
  order.sort((a, b) => {
    const difference = (found.scores[b] as number) - (found.scores[a] as number);
    return difference > 0 ? 1 : difference < 0 ? -1 : a - b;
  });
  const ranked: Scores = { documents: new Uint32Array(count), scores: new Float64Array(count), matched: new Uint32Array(count) };
  order.forEach((from, to) => {
    ranked.documents[to] = found.documents[from] as number;
    ranked.scores[to] = found.scores[from] as number;
    ranked.matched[to] = found.matched[from] as number;
  });
  return ranked;
}

/** The vocabulary's terms that start with `prefix`, with their stats: one run of the sorted terms. */
function* completionsOf(
  sortedTerms: readonly string[],
  prefix: string,
  stats: ReadonlyMap<string, TermStats>,
): Generator<[string, TermStats]> {
  let low = 0;
  let high = sortedTerms.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sortedTerms[middle] as string) < prefix) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < sortedTerms.length; i++) {
    const term = sortedTerms[i] as string;
    if (!term.startsWith(prefix)) return;
    const termStats = stats.get(term);
    if (termStats) yield [term, termStats];
  }
}

/** The terms a document matched, from its `matched` mask. */
function termsOf(mask: number, termNames: readonly string[]): Set<string> {
  const terms = new Set<string>();
  termNames.forEach((term, bit) => {
    if (mask & (1 << bit)) terms.add(term);
  });
  return terms;
}
