import MiniSearch from 'minisearch';
import type { ArticleRecord } from './article-record';

/** The plain-BM25 reference the ranking is measured against. */
export interface BaselineIndex {
  /** Ids of the best-matching articles of the locale, best first. */
  search(query: string, options: { locale: string; limit: number }): Array<{ id: string; url: string }>;
}

/**
 * The same library with its defaults: whole articles, title and body only, no stemming, no stop words, no typo
 * tolerance, no boosts, the question searched as typed. What a search box over the docs would give out of the box.
 */
export function createBaselineIndex(records: readonly ArticleRecord[]): BaselineIndex {
  const index = new MiniSearch<{ id: number; title: string; text: string; locale: string }>({
    fields: ['title', 'text'],
    storeFields: ['locale'],
  });
  index.addAll(records.map((record, id) => ({ id, title: record.title, text: record.text, locale: record.locale })));
  return {
    search(query, { locale, limit }) {
      const results = index.search(query, { filter: (result) => result.locale === locale });
      return results.slice(0, limit).flatMap((result) => {
        const record = records[result.id as number];
        return record ? [{ id: record.id, url: record.url }] : [];
      });
    },
  };
}
