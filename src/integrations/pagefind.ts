import { close, createIndex } from 'pagefind';
import { LOCALES } from '../i18n/locales';
import { urls } from '../utils/urls';

/**
 * The built article pages of every locale (`articles/*\/index.html`, `ru/articles/*\/index.html`): the only
 * pages with a `data-pagefind-body`, so the only ones Pagefind needs to read. Given every page, it would
 * parse the home, category and FAQ pages too, only to drop them.
 */
const ARTICLE_PAGES = `{${LOCALES.map((locale) => `${urls.article(locale, '*').slice(1)}index.html`).join(',')}}`;

/**
 * Indexes the built help center with Pagefind's Node API. Only `data-pagefind-body` regions (article
 * bodies) are indexed; `<html lang>` splits the index per locale. Resolves with the number of pages.
 */
export async function indexWithPagefind(outputDir: string): Promise<number> {
  try {
    const { index, errors } = await createIndex({});
    if (!index) throw new Error(errors.join('\n'));
    const added = await index.addDirectory({ path: outputDir, glob: ARTICLE_PAGES });
    if (added.errors.length > 0) throw new Error(added.errors.join('\n'));
    const written = await index.writeFiles({ outputPath: `${outputDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
    return added.page_count;
  } catch (cause) {
    throw new Error('Failed to run Pagefind.', { cause });
  } finally {
    await close();
  }
}
