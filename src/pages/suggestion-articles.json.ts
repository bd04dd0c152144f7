import type { APIRoute } from 'astro';
import { articleRecordFromParts, type ArticleRecord } from '../../api/deflection/article-record';
import { loadHelpCenter } from '../utils/help-center';

export const prerender = true;

/** What `api/server.ts` reads at start to build the suggestion index. */
export interface SuggestionArticlesFile {
  version: 1;
  articles: ArticleRecord[];
}

/**
 * The article index the build writes for `/api/suggest`: every published article of every locale, as the
 * same records `npm run eval:deflection` measures, made from the articles this build has already parsed.
 * The build moves it out of the public folder (`src/integrations/build-output.ts`) into `dist/server/`.
 */
export const GET: APIRoute = async () => {
  const helpCenter = await loadHelpCenter();
  const articles: ArticleRecord[] = [];
  for (const locale of helpCenter.locales) {
    for (const article of helpCenter.articles(locale)) {
      articles.push(
        articleRecordFromParts({
          path: article.file,
          data: { title: article.title, description: article.description, keywords: article.keywords, tags: article.tags },
          body: article.body,
          locale,
          id: article.id,
          url: article.url,
          category: article.category,
        }),
      );
    }
  }
  const file: SuggestionArticlesFile = { version: 1, articles };
  return new Response(JSON.stringify(file), { headers: { 'Content-Type': 'application/json' } });
};
