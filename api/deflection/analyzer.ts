import { normalizeWord, termsOfToken } from '../../src/utils/text';

/** Turns tokens of one locale into search terms, remembering each word's terms (stemming is the costly part). */
export interface Analyzer {
  readonly locale: string;
  /** The terms a token (word or identifier, as written) is indexed and searched by; none for a stop word. */
  terms(token: string): readonly string[];
}

const NO_TERMS: readonly string[] = [];
const MAX_CACHED_WORD = 64;

/**
 * An analyzer for one locale: English and Russian are stemmed and have stop words; other locales are matched
 * word for word. The cache lives with the index it serves, so there is no global state, and is bounded by the
 * corpus vocabulary plus what queries add (capped, so a stream of random queries cannot grow it without end).
 */
export function createAnalyzer(locale: string, maxCachedWords = 200_000): Analyzer {
  const cache = new Map<string, readonly string[]>();
  return {
    locale,
    terms(token) {
      const word = normalizeWord(token);
      const cached = cache.get(word);
      if (cached) return cached;
      const found = termsOfToken(word, locale);
      const terms = found.length === 0 ? NO_TERMS : found;
      // Only words of a sane length are remembered: a query can carry any junk, and the cache must stay small.
      if (cache.size < maxCachedWords && word.length <= MAX_CACHED_WORD) cache.set(word, terms);
      return terms;
    },
  };
}
