import type { Locale } from '../i18n/locales';
import { tokenize, contentTerms } from './text';

/** What the related-articles ranking needs to know about one article of a locale. */
export interface RelatedInput {
  id: string;
  locale: Locale;
  category: string;
  tags: readonly string[];
  /** Ids the writer listed in frontmatter; they come first, in their order. */
  related: readonly string[];
  /** Title, description, keywords and plain body text. */
  text: string;
}

/** How many distinctive terms of an article take part in matching: enough to find topics, few enough to stay linear. */
const TERMS_PER_ARTICLE = 24;
const TAG_WEIGHT = 3;
const SAME_CATEGORY_BONUS = 0.5;
/** Tags on most articles say nothing about what is related (`faq` on a third of the FAQ-heavy sites). */
const UBIQUITOUS_TAG_SHARE = 0.3;

/**
 * Ranks related articles for every article of one locale: the writer's explicit `related` first,
 * then articles that share tags and distinctive terms (TF-IDF), with a small bonus for the same category.
 * Runs through inverted indexes, so 10,000 articles cost seconds, not the hours of all-pairs comparison.
 */
export function computeRelated(articles: readonly RelatedInput[], limit = 5): Map<string, string[]> {
  const ids = new Set(articles.map((article) => article.id));
  const termWeights = weighTerms(articles);

  const byTag = new Map<string, string[]>();
  for (const article of articles) {
    for (const tag of article.tags) {
      const list = byTag.get(tag) ?? [];
      list.push(article.id);
      byTag.set(tag, list);
    }
  }
  const byTerm = new Map<string, Array<{ id: string; weight: number }>>();
  for (const [id, weights] of termWeights) {
    for (const [term, weight] of weights) {
      const list = byTerm.get(term) ?? [];
      list.push({ id, weight });
      byTerm.set(term, list);
    }
  }
  const categoryOf = new Map(articles.map((article) => [article.id, article.category]));
  const maxTagPostings = Math.max(2, Math.ceil(articles.length * UBIQUITOUS_TAG_SHARE));

  const result = new Map<string, string[]>();
  for (const article of articles) {
    const scores = new Map<string, number>();
    const add = (id: string, score: number) => scores.set(id, (scores.get(id) ?? 0) + score);

    for (const tag of article.tags) {
      const postings = byTag.get(tag) ?? [];
      if (postings.length > maxTagPostings) continue;
      // Rarer tags say more: a tag shared by two articles outweighs one shared by twenty.
      const weight = TAG_WEIGHT / Math.log2(1 + postings.length);
      for (const id of postings) add(id, weight);
    }
    for (const [term, weight] of termWeights.get(article.id) ?? []) {
      for (const posting of byTerm.get(term) ?? []) add(posting.id, weight * posting.weight);
    }
    scores.delete(article.id);
    for (const [id, score] of scores) {
      if (categoryOf.get(id) === article.category) scores.set(id, score + SAME_CATEGORY_BONUS);
    }

    const explicit = article.related.filter((id) => id !== article.id && ids.has(id));
    for (const id of explicit) scores.delete(id);
    result.set(article.id, [...explicit, ...bestScored(scores, limit - explicit.length)]);
  }
  return result;
}

/**
 * The `count` best-scored ids, best first (ties in id order): what sorting every scored article would give,
 * without sorting a list that holds most of the locale for every article.
 */
function bestScored(scores: ReadonlyMap<string, number>, count: number): string[] {
  if (count <= 0) return [];
  const best: Array<[string, number]> = [];
  const before = (a: [string, number], b: [string, number]) => a[1] > b[1] || (a[1] === b[1] && a[0].localeCompare(b[0]) < 0);
  for (const entry of scores) {
    if (best.length === count && !before(entry, best[count - 1]!)) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && before(entry, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = entry;
  }
  return best.map(([id]) => id);
}

/** Each article's most distinctive terms with normalised TF-IDF weights (a unit vector per article). */
function weighTerms(articles: readonly RelatedInput[]): Map<string, Map<string, number>> {
  const termCounts = new Map<string, Map<string, number>>();
  const documentFrequency = new Map<string, number>();
  // Stemming is most of the cost, and a corpus repeats its words: stem each distinct word of a locale once
  // (null: a stop word, no term).
  const stemsByLocale = new Map<Locale, Map<string, string | null>>();
  for (const article of articles) {
    let stems = stemsByLocale.get(article.locale);
    if (!stems) {
      stems = new Map();
      stemsByLocale.set(article.locale, stems);
    }
    const counts = new Map<string, number>();
    for (const word of tokenize(article.text)) {
      let term = stems.get(word);
      if (term === undefined) {
        term = contentTerms(word, article.locale)[0] ?? null;
        stems.set(word, term);
      }
      if (term !== null) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    termCounts.set(article.id, counts);
    for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }

  const total = articles.length;
  const weights = new Map<string, Map<string, number>>();
  for (const [id, counts] of termCounts) {
    const scored: Array<[string, number]> = [];
    for (const [term, count] of counts) {
      const df = documentFrequency.get(term) ?? 1;
      // A term in a single article can't relate it to anything.
      if (df < 2) continue;
      scored.push([term, (1 + Math.log(count)) * Math.log(total / df)]);
    }
    scored.sort((a, b) => b[1] - a[1]);
    const top = scored.slice(0, TERMS_PER_ARTICLE);
    const norm = Math.hypot(...top.map(([, weight]) => weight)) || 1;
    weights.set(id, new Map(top.map(([term, weight]) => [term, weight / norm])));
  }
  return weights;
}
