import type { APIRoute } from 'astro';
import { articleRecordFromParts, type ArticleRecord } from '../../api/deflection/article-record';
import { loadHelpCenter, type Article } from '../utils/help-center';

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
 *
 * Written one record at a time: made whole, the records and their JSON were the build's largest
 * allocation (at 1,000 articles, 10 MB of JSON, twice that as a JavaScript string once it holds Cyrillic),
 * made last, when the heap was fullest.
 */
export const GET: APIRoute = async () => {
  const helpCenter = await loadHelpCenter();
  const articles = helpCenter.locales.flatMap((locale) => helpCenter.articles(locale));
  // What comes before and after the records in the file: `{"version":1,"articles":` and `}`.
  const empty: SuggestionArticlesFile = { version: 1, articles: [] };
  const [head = '', tail = ''] = JSON.stringify(empty).split('[]');
  const encoder = new TextEncoder();
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${head}[`));
    },
    pull(controller) {
      const article = articles[next];
      if (!article) {
        controller.enqueue(encoder.encode(`]${tail}`));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(`${next === 0 ? '' : ','}${JSON.stringify(suggestionRecord(article))}`));
      next += 1;
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/json' } });
};

function suggestionRecord(article: Article): ArticleRecord {
  return articleRecordFromParts({
    path: article.file,
    data: { title: article.title, description: article.description, keywords: article.keywords, tags: article.tags },
    body: article.body,
    locale: article.locale,
    id: article.id,
    url: article.url,
    category: article.category,
  });
}
