import { LOCALES, type Locale } from '../i18n/locales';
import { urls } from '../utils/urls';

/** A page of the help center, as a link names it. */
export type SiteRoute =
  | { kind: 'home' | 'faq' | 'search' | 'contact'; locale: Locale }
  | { kind: 'article'; locale: Locale; id: string }
  | { kind: 'category'; locale: Locale; slug: string };

// Stands in for an id while we ask urls.ts what an article URL looks like; no real URL contains it.
const PARAM = '\u0000';

/**
 * The page a site path (`/ru/articles/x/`, `/faq`) names, or undefined if it names none.
 * Patterns come from `utils/urls.ts`, so the checker and the site cannot disagree about URLs.
 * The trailing slash is optional, as on the site (`trailingSlash: 'ignore'`).
 */
export function routeOf(pathname: string): SiteRoute | undefined {
  const path = withoutTrailingSlash(pathname);
  for (const locale of LOCALES) {
    for (const kind of ['home', 'faq', 'search', 'contact'] as const) {
      if (withoutTrailingSlash(urls[kind](locale)) === path) return { kind, locale };
    }
    const id = matchParam(path, urls.article(locale, PARAM));
    if (id !== undefined) return { kind: 'article', locale, id };
    const slug = matchParam(path, urls.category(locale, PARAM));
    if (slug !== undefined) return { kind: 'category', locale, slug };
  }
  return undefined;
}

function matchParam(path: string, template: string): string | undefined {
  const [prefix = '', suffix = ''] = withoutTrailingSlash(template).split(PARAM);
  if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length <= prefix.length + suffix.length) return undefined;
  const value = path.slice(prefix.length, path.length - suffix.length);
  return value.includes('/') ? undefined : value;
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
