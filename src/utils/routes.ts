import { DEFAULT_LOCALE, localePrefix, type Locale } from '../i18n/locales';
import type { Article, CategoryInfo, HelpCenter } from './help-center';

/** What one prerendered page of the help center shows. */
export type Route =
  | { kind: 'home'; locale: Locale }
  | { kind: 'category'; locale: Locale; category: CategoryInfo }
  | { kind: 'article'; locale: Locale; article: Article }
  | { kind: 'faq'; locale: Locale }
  | { kind: 'search'; locale: Locale }
  | { kind: 'not-found'; locale: Locale };

/** Every page of the help center as `[...path]` params and props, in every locale that has articles. */
export function buildRoutes(helpCenter: HelpCenter): Array<{ params: { path: string | undefined }; props: { route: Route } }> {
  const routes: Array<{ params: { path: string | undefined }; props: { route: Route } }> = [];
  const add = (locale: Locale, path: string, route: Route) => {
    const full = [localePrefix(locale).slice(1), path].filter(Boolean).join('/');
    routes.push({ params: { path: full || undefined }, props: { route } });
  };
  for (const locale of helpCenter.locales) {
    add(locale, '', { kind: 'home', locale });
    add(locale, 'search', { kind: 'search', locale });
    if (helpCenter.faq(locale).length > 0) add(locale, 'faq', { kind: 'faq', locale });
    // The default locale's 404 is src/pages/404.astro, where static hosts look for it.
    if (locale !== DEFAULT_LOCALE) add(locale, '404', { kind: 'not-found', locale });
    for (const category of helpCenter.categories(locale))
      add(locale, `categories/${category.slug}`, { kind: 'category', locale, category });
    for (const article of helpCenter.articles(locale))
      add(locale, `articles/${article.id}`, { kind: 'article', locale, article });
  }
  return routes;
}
