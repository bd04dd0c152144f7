/**
 * Article suggestions ("deflection"): what the contact form shows while a customer types, and what
 * `/api/suggest` answers. Build the index once from the article records, then call `suggest()` per request.
 */
export {
  articleRecordFromParts,
  createArticleRecord,
  readFrontmatter,
  type ArticleRecord,
  type ArticleSection,
  type ArticleSource,
} from './article-record';
export { readBuiltArticles, SUGGESTION_ARTICLES_FILE } from './built-articles';
export { createBaselineIndex, type BaselineIndex } from './baseline';
export { evaluateDeflection, readPairs, type EvalPair, type EvalReport, type Metrics } from './evaluate';
export { loadMarkdownCorpus, type LoadCorpusOptions } from './load-corpus';
export type { SnippetSegment } from './snippet';
export { createSuggestionIndex, type SuggestOptions, type Suggestion, type SuggestionIndex } from './suggestion-index';
