import { normalizeWord, splitWords, tokenizeWithOffsets } from '../../src/utils/text';
import type { Analyzer } from './analyzer';

/** One term the index is searched for, and how. */
export interface QueryTerm {
  term: string;
  /** Multiplies the term's BM25 contribution: where and how the customer wrote it. */
  boost: number;
  /** How much the term says about what the customer needs (IDF times boost); coverage is measured in it. */
  weight: number;
  /**
   * Where to look: everywhere; or only in titles, keywords and headings (typo corrections and completions, and
   * words so common that reading all their occurrences would cost more than their near-zero IDF tells); or, for a
   * question made only of words found almost everywhere, only in article titles and keywords.
   */
  scope: 'all' | 'names' | 'titles';
}

/** How a term is used across the docs' search units (article heads, intros and sections). */
export interface TermStats {
  /** Units containing the term. */
  units: number;
  /** Occurrences in all units. */
  occurrences: number;
  /** Section headings containing it. */
  headings: number;
  /** Article titles and keyword lists containing it. Headings and titles are where writers name topics. */
  titles: number;
}

/** What the ranking needs to know about the corpus to read a query. */
export interface QueryContext {
  analyzer: Analyzer;
  /** How the docs use a term; undefined for a word they never use. */
  stats(term: string): TermStats | undefined;
  /** Terms of the docs that start with `prefix`, with their stats. */
  completions(prefix: string): Iterable<[string, TermStats]>;
  /** Terms of the docs within `maxDistance` edits of `term`: [term, stats, distance]. */
  corrections(term: string, maxDistance: number): Iterable<[string, TermStats, number]>;
  /** Number of search units. */
  unitCount: number;
  /** Terms of words that carry no topic in a support request ("hi", "thanks", "wondering", "issue"). */
  genericTerms: ReadonlySet<string>;
}

/** Long tickets are read up to here: the subject and the first paragraphs say what the problem is. */
export const MAX_QUERY_CHARS = 3000;
/** Terms searched for at most: enough for a rambling question's topic words, few enough to stay fast. */
const MAX_TERMS = 14;
const MAX_CORRECTED_WORDS = 3;
/** Each misspelt or half-typed word stands for at most this many terms of the docs: the likeliest ones. */
const EXPANSIONS_PER_WORD = 3;
/** A correction or completion counts for less than what the customer actually wrote. */
const CORRECTION_WEIGHT = 0.5;
const COMPLETION_WEIGHT = 0.6;
/** A question this short has every typo matter; a longer one has enough other words to go on. */
const SHORT_QUERY_TERMS = 6;
/** Words shorter than this are not corrected: too many real words are one edit apart. */
const MIN_FUZZY_LENGTH = 5;
/** Longer "words" are pasted hashes, paths or junk, not typos. */
const MAX_FUZZY_LENGTH = 30;
const MIN_PREFIX_LENGTH = 3;
/**
 * Occurrences read per question, at most (a few µs each, scoring included): keeps a suggestion within a few ms at
 * any corpus size. Help centers of a few hundred articles never reach it.
 */
const POSTINGS_BUDGET = 1000;

const SUBJECT_BOOST = 1.6;
const IDENTIFIER_BOOST = 1.8;
/** The words inside a known identifier count for a little: the docs may also write them apart. */
const PART_BOOST = 0.3;
const HEADING_TERM_BOOST = 1.3;
const BURST_WEIGHT = 0.5;
const MAX_BURST_BOOST = 2;

const URL = /\b(?:https?:\/\/|www\.)[^\s<>()"'`]+/gi;
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]+`/g;

interface Occurrence {
  term: string;
  count: number;
  inSubject: boolean;
  identifier: boolean;
  /** Seen only as a part of a known identifier (`compose` of `docker-compose`). */
  onlyAsPart: boolean;
  /** Written in code (backticks): what the customer copied from a screen or a config file. */
  inCode: boolean;
  /** The literal word, for deciding on typo tolerance. */
  word: string;
  lastWord: boolean;
}

/**
 * Reads a customer's question (subject, a newline, then the message) into the few terms worth searching for:
 * each term weighted by how rare it is in the docs (IDF), raised when it is in the subject, is an exact
 * identifier the docs contain (`SMTP_TIMEOUT`, `FileNotFoundError`, `E1234`) or was typed as code.
 * Pasted links, version numbers, greetings and support small talk are dropped; words the docs never use get
 * typo tolerance (in short questions, or in the subject), and a last word still being typed is matched as a prefix.
 */
export function analyzeQuery(query: string, context: QueryContext): QueryTerm[] {
  const text = query.slice(0, MAX_QUERY_CHARS);
  const newline = text.indexOf('\n');
  const subjectEnd = newline === -1 ? text.length : newline;
  const urls = spans(text, URL);
  const code = spans(text, CODE);
  const typing = text.length > 0 && text.length === query.length && /[\p{L}\p{N}]$/u.test(text);

  const occurrences = new Map<string, Occurrence>();
  const tokens = tokenizeWithOffsets(text);
  tokens.forEach((token, index) => {
    // A pasted link is where the customer has been (a repository file, a forum thread), not what they need.
    if (inside(urls, token.start)) return;
    const inCode = inside(code, token.start);
    const lastWord = typing && index === tokens.length - 1;
    for (const { term, identifier, part } of expandToken(token.text, context)) {
      if (context.genericTerms.has(term)) continue;
      // Short numbers (dates, versions, list numbers) match everything and mean nothing.
      if (/^\d{1,2}$/.test(term)) continue;
      const seen = occurrences.get(term);
      if (seen) {
        seen.count += 1;
        seen.inSubject ||= token.start < subjectEnd;
        seen.inCode ||= inCode;
        seen.lastWord ||= lastWord;
        seen.onlyAsPart &&= part;
        continue;
      }
      occurrences.set(term, {
        term,
        count: 1,
        inSubject: token.start < subjectEnd,
        identifier,
        onlyAsPart: part,
        inCode,
        word: token.text,
        lastWord,
      });
    }
  });

  const known: QueryTerm[] = [];
  const unknown: Array<{ occurrence: Occurrence; boost: number }> = [];
  let completions: QueryTerm[] = [];
  for (const occurrence of occurrences.values()) {
    const stats = context.stats(occurrence.term);
    let boost = (1 + 0.3 * Math.log(occurrence.count)) * topicality(stats);
    if (occurrence.inSubject) boost *= SUBJECT_BOOST;
    if (occurrence.onlyAsPart) boost *= PART_BOOST;
    if (stats && (occurrence.identifier || occurrence.inCode)) boost *= IDENTIFIER_BOOST;
    if (stats) known.push({ term: occurrence.term, boost, weight: idf(stats.units, context.unitCount) * boost, scope: 'all' });
    else if (isCorrectable(occurrence)) unknown.push({ occurrence, boost });
    if (occurrence.lastWord && occurrence.word.length >= MIN_PREFIX_LENGTH) {
      // Completions of the word being typed, matched on the word as typed ("passw" → password).
      const typed = occurrence.term;
      const candidates = function* (): Generator<Candidate> {
        for (const [term, termStats] of context.completions(normalizeWord(occurrence.word))) {
          if (term !== typed) yield { term, stats: termStats, distance: 0 };
        }
      };
      completions = likeliest(candidates()).map((found) =>
        expansionOf(found.term, found.stats, boost * COMPLETION_WEIGHT, context),
      );
    }
  }

  known.sort((a, b) => b.weight - a.weight);
  const selected = known.slice(0, MAX_TERMS);
  const shortQuery = known.length + unknown.length <= SHORT_QUERY_TERMS;
  // Words the docs never use are corrected to the nearest words they do use, in short questions and subjects.
  const toCorrect = unknown.filter(({ occurrence }) => shortQuery || occurrence.inSubject).slice(0, MAX_CORRECTED_WORDS);
  for (const { occurrence, boost } of toCorrect) {
    const maxDistance = occurrence.word.length >= 8 ? 2 : 1;
    const candidates = [...context.corrections(occurrence.term, maxDistance)].map(([term, stats, distance]) => ({
      term,
      stats,
      distance,
    }));
    for (const found of likeliest(candidates)) {
      // A correction the question already has (the word also written right, or another typo of it) is not
      // searched twice: that would count its evidence twice.
      if (selected.some((term) => term.term === found.term)) continue;
      const weight = (boost * CORRECTION_WEIGHT * found.term.length) / (found.term.length + found.distance);
      selected.push(expansionOf(found.term, found.stats, weight, context));
    }
  }
  for (const completion of completions) if (!selected.some((term) => term.term === completion.term)) selected.push(completion);
  return withinBudget(selected, context);
}

interface Candidate {
  term: string;
  stats: TermStats;
  distance: number;
}

/**
 * The candidates a customer most likely meant: fewest edits, then the words the docs name topics with, then the
 * commonest. Streams, so a short prefix with thousands of completions costs one pass and no sort.
 */
function likeliest(candidates: Iterable<Candidate>): Candidate[] {
  const better = (a: Candidate, b: Candidate) =>
    a.distance - b.distance ||
    b.stats.titles + b.stats.headings - (a.stats.titles + a.stats.headings) ||
    b.stats.units - a.stats.units ||
    (a.term < b.term ? -1 : 1);
  const best: Candidate[] = [];
  for (const candidate of candidates) {
    if (best.length === EXPANSIONS_PER_WORD && better(candidate, best[best.length - 1] as Candidate) >= 0) continue;
    best.push(candidate);
    best.sort(better);
    if (best.length > EXPANSIONS_PER_WORD) best.pop();
  }
  return best;
}

function expansionOf(term: string, stats: TermStats, boost: number, context: QueryContext): QueryTerm {
  return { term, boost, weight: idf(stats.units, context.unitCount) * boost, scope: 'names' };
}

/**
 * Query-time pruning, as search engines do: every occurrence read costs time, and a word found everywhere adds
 * almost nothing to BM25. The rarer words are read in full first; once the budget is spent, the others count only
 * where they name a topic (titles, keywords, headings), or not at all. The cheapest term is always kept (in
 * article titles at least), so a question made only of very common words still gets an answer.
 */
function withinBudget(terms: QueryTerm[], context: QueryContext): QueryTerm[] {
  let budget = POSTINGS_BUDGET;
  const cost = (term: QueryTerm) => context.stats(term.term)?.units ?? 0;
  const namesCost = (term: QueryTerm) => {
    const stats = context.stats(term.term);
    return stats ? stats.titles + stats.headings : 0;
  };
  const kept: QueryTerm[] = [];
  for (const term of [...terms].sort((a, b) => cost(a) - cost(b) || b.weight - a.weight)) {
    const isExpansion = term.scope === 'names';
    if (!isExpansion && cost(term) <= budget) {
      term.scope = 'all';
      budget -= cost(term);
      kept.push(term);
    } else if (namesCost(term) <= budget) {
      term.scope = 'names';
      budget -= namesCost(term);
      kept.push(term);
    } else if (kept.length === 0) {
      term.scope = 'titles';
      budget = 0;
      kept.push(term);
    }
  }
  return terms.filter((term) => kept.includes(term));
}

/**
 * How much a term names a topic of the docs rather than being a word that happens to be there. Rare words are not
 * all telling: "bunch" or "quickly" occur once in a stray sentence. Topic words come in bursts (used several times
 * where they are used at all) and name headings. Both are read from the docs themselves, so this holds for any
 * product's documentation.
 */
function topicality(stats: TermStats | undefined): number {
  if (!stats || stats.units === 0) return 1;
  const burstiness = stats.occurrences / stats.units;
  const named = stats.headings + stats.titles > 0 ? HEADING_TERM_BOOST : 1;
  return Math.min(MAX_BURST_BOOST, 1 + BURST_WEIGHT * Math.log(burstiness)) * named;
}

/**
 * The terms one token of a question stands for. A word is its stem. An identifier the docs contain is searched
 * whole, its parts only a little (one token must not fill the query with `docker`, `compose`, `dockercompose`);
 * an identifier they don't contain stands for the words it is made of.
 */
function expandToken(token: string, context: QueryContext): Array<{ term: string; identifier: boolean; part: boolean }> {
  const terms = context.analyzer.terms(token);
  if (!/[._-]/.test(token)) return terms.map((term) => ({ term, identifier: isIdentifier(token), part: false }));
  const whole = normalizeWord(token);
  const parts = terms.filter((term) => term !== whole);
  // Version numbers (`1.17.4`) name a release, not a topic: a question's "I'm on 1.12.0" says nothing about what is wrong.
  if (/^v?\d+(?:[._-]\d+)+$/i.test(whole)) return [];
  if (context.stats(whole)) {
    return [
      { term: whole, identifier: /\p{L}/u.test(whole), part: false },
      ...parts.map((term) => ({ term, identifier: false, part: true })),
    ];
  }
  return parts.map((term) => ({ term, identifier: false, part: false }));
}

/** BM25's IDF, as the search library computes it, over the search units. */
export function idf(documentFrequency: number, unitCount: number): number {
  return Math.log(1 + (unitCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** A token that names something exactly: `SOME_SETTING`, `docker-compose.yml`, `E1234`, `FileNotFoundError`. */
function isIdentifier(token: string): boolean {
  if (/[._-]/.test(token)) return /\p{L}/u.test(token);
  if (/\p{L}/u.test(token) && /\d/.test(token)) return true;
  return /\p{Ll}\p{Lu}/u.test(token) || (token.length >= 4 && token === token.toUpperCase() && /\p{Lu}/u.test(token));
}

function isCorrectable(occurrence: Occurrence): boolean {
  return (
    !occurrence.identifier &&
    !occurrence.inCode &&
    occurrence.word.length >= MIN_FUZZY_LENGTH &&
    occurrence.word.length <= MAX_FUZZY_LENGTH &&
    /^\p{L}+$/u.test(occurrence.word)
  );
}

function spans(text: string, pattern: RegExp): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const match of text.matchAll(pattern)) found.push([match.index, match.index + match[0].length]);
  return found;
}

function inside(ranges: ReadonlyArray<[number, number]>, offset: number): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}

/** Words of a support request that say nothing about its topic, per locale (before stemming). */
export const GENERIC_WORDS: Record<string, string> = {
  en: `hi hello hey dear thanks thank thx please pls regards cheers sorry anyone anybody someone somebody everyone
    guys folks help helping question questions issue issues problem problems bug bugs wondering wonder trying tried try
    want wanted wants need needed needs like would could should might must may really actually basically simply
    maybe perhaps probably possible possibly somehow thing things something anything everything nothing stuff lot lots
    bit little much many work works worked working seem seems seemed able unable currently today yesterday ago
    one get gets got getting make makes made see saw seen know knew think thought tell told say said ask asked
    idea ideas guess hope hoping happy great good nice awesome amazing love appreciate appreciated impressed wow
    ok okay yes yeah etc description steps reproduce expected behavior behaviour actual example instead else anyway
    way ways kind sort look looking looked go goes going went give gives gave fine bunch whole quick quickly
    dont doesnt didnt cant isnt wont im ive didn wasn aren haven couldn shouldn wouldn hasn quite though notice
    noticed`,
  ru: `привет здравствуйте добрый день вечер спасибо пожалуйста подскажите подскажи помогите помоги помощь вопрос
    вопросы проблема проблемы кто-нибудь кто-то что-то как-то почему вообще просто сейчас сегодня вчера хочу хотел
    хотела хотим надо могу можете пытаюсь пытался пыталась пробовал пробовала никак сделать делать какой-то
    ребята коллеги заранее`,
};

/** The generic words of a locale as terms of its analyzer. */
export function genericTermsOf(analyzer: Analyzer): Set<string> {
  const terms = new Set<string>();
  for (const word of splitWords(GENERIC_WORDS[analyzer.locale] ?? '')) {
    for (const term of analyzer.terms(word)) terms.add(term);
  }
  return terms;
}
