import { transformSync } from 'esbuild';
import articleFeedbackSource from '../scripts/article-feedback.js?raw';
import searchLoaderSource from '../scripts/search-loader.js?raw';

/**
 * A script to put inline in the HTML, minified once per build: readers download the code, not its comments
 * and indentation. (Astro leaves `is:inline` scripts as written.)
 */
function minify(source: string): string {
  return transformSync(source, { minify: true, target: 'es2022' }).code.trim();
}

/** The "Was this helpful?" form's script, for article pages. */
export const ARTICLE_FEEDBACK_SCRIPT = minify(articleFeedbackSource);

const searchLoaders = new Map<string, string>();

/** The search loader of every page: it loads the search client from `src` on first use, or at once (`now`). */
export function searchLoaderScript(src: string, now: boolean): string {
  const key = `${src} ${now}`;
  let script = searchLoaders.get(key);
  if (script === undefined) {
    script = minify(`(() => { const src = ${JSON.stringify(src)}; const now = ${now};\n${searchLoaderSource}\n})();`);
    searchLoaders.set(key, script);
  }
  return script;
}
