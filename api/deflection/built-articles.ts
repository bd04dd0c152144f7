import { readFile } from 'node:fs/promises';
import type { ArticleRecord } from './article-record';

/** Where the build leaves the article index for suggestions: beside the server entry, not in the public folder. */
export const SUGGESTION_ARTICLES_FILE = 'suggestion-articles.json';

/**
 * The article records `astro build` wrote for suggestions (`src/pages/suggestion-articles.json.ts`), so the
 * server indexes exactly what the help center publishes without reading `content/` again.
 */
export async function readBuiltArticles(file: string): Promise<ArticleRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`The article index ${file} is missing: run \`npm run build\` (or \`npm start\`, which builds).`);
  }
  const parsed = JSON.parse(text) as { version?: unknown; articles?: unknown };
  if (parsed.version !== 1 || !Array.isArray(parsed.articles)) {
    throw new Error(`The article index ${file} is from another version of Docket: run \`npm run build\`.`);
  }
  return parsed.articles as ArticleRecord[];
}
