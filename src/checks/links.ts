import { join, posix } from 'node:path';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/locales';
import { urls } from '../utils/urls';
import type { MarkdownLink } from './markdown';
import { routeOf } from './site-routes';
import { closestMatch } from './suggest';

/** An article as a link target. */
export interface SiteArticle {
  locale: Locale;
  id: string;
  draft: boolean;
  /** Every `#anchor` the article's page has. */
  anchors: ReadonlySet<string>;
}

/** What links can point to: the articles and categories of every locale. */
export interface SiteIndex {
  /** The article with this id in this locale (the first file, when two share the id). */
  article(locale: Locale, id: string): SiteArticle | undefined;
  /** Whether the locale's categories.yml lists this category. */
  listsCategory(locale: Locale, slug: string): boolean;
  /** How many articles a category has; drafts count only when `withDrafts` (in a draft, links to drafts work). */
  articlesInCategory(locale: Locale, slug: string, withDrafts: boolean): number;
  /** How many articles a locale has; a locale without published articles has no pages. */
  articlesInLocale(locale: Locale, withDrafts: boolean): number;
}

/** The article a link is written in. */
export interface LinkSource {
  locale: Locale;
  id: string;
  draft: boolean;
  anchors: ReadonlySet<string>;
  /** The article's folder on disk, and as problems name it: relative images resolve against it. */
  dir: string;
  displayDir: string;
}

export interface LinkContext {
  site: SiteIndex;
  /** The folder served at the site root, on disk and as problems name it. */
  publicDir: string;
  displayPublicDir: string;
  /** Whether a file exists (a function, so tests and callers can cache or fake the file system). */
  isFile(path: string): boolean;
}

// Links with these schemes leave the site; we don't check other sites.
const EXTERNAL_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * What is wrong with a link or image in an article, in a sentence naming the target as written;
 * undefined when it works on the built site.
 */
export function checkLink(link: MarkdownLink, source: LinkSource, context: LinkContext): string | undefined {
  const url = link.url.trim();
  const what = link.kind === 'image' ? `image ${url}` : `link to ${url}`;
  if (url === '') return link.kind === 'image' ? 'image has no file to show' : 'link has no target';

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (EXTERNAL_SCHEMES.has(scheme) || (link.kind === 'image' && scheme === 'data')) return undefined;
    return `${what} has an unknown scheme "${scheme}:" (links to other sites start with https://)`;
  }
  if (url.startsWith('//')) return undefined; // another host, scheme-relative

  const hashAt = url.indexOf('#');
  const anchor = hashAt === -1 ? '' : decode(url.slice(hashAt + 1), decodeURIComponent);
  const path = decode((hashAt === -1 ? url : url.slice(0, hashAt)).split('?')[0] ?? '', decodeURI);

  if (link.kind === 'image') {
    if (link.tag && !path.startsWith('/')) {
      return `${what} is relative, which works only in Markdown image syntax: write ![description](${url}) or use a file in public/`;
    }
    const onDisk = path.startsWith('/') ? join(context.publicDir, path) : join(source.dir, path);
    if (context.isFile(onDisk)) return undefined;
    const shown = path.startsWith('/') ? posix.join(context.displayPublicDir, path) : posix.join(source.displayDir, path);
    return `${what} does not exist (no file ${shown})`;
  }

  if (path === '') {
    if (anchor === '' || source.anchors.has(anchor)) return undefined;
    return `${what}: this article has no heading "${anchor}"${didYouMean(anchor, source.anchors)}`;
  }

  if (!path.startsWith('/')) {
    // Relative links resolve differently at /articles/x and /articles/x/ (both serve the page), so
    // one of the two always breaks. Say which root-relative link the writer meant, when there is one.
    const resolved = new URL(url, `https://docket.invalid${urls.article(source.locale, source.id)}`);
    const meant = decode(resolved.pathname, decodeURI);
    const problem = checkSitePath(url, meant, anchor, source, context);
    if (problem === undefined) {
      return `${what} is relative, which breaks on some page addresses: write ${meant}${decode(resolved.hash, decodeURIComponent)}`;
    }
    if (routeOf(meant)) return problem; // it names a page of the site, but that page has a problem of its own
    return `${what} points to no page (write links from the site root, like ${urls.article(source.locale, '<id>')})`;
  }

  return checkSitePath(url, path, anchor, source, context);
}

function checkSitePath(url: string, path: string, anchor: string, source: LinkSource, context: LinkContext): string | undefined {
  const { site } = context;
  const what = `link to ${url}`;
  const route = routeOf(path);
  if (!route) {
    if (context.isFile(join(context.publicDir, path))) return undefined; // a file from public/, like a PDF
    const prefix = `/${DEFAULT_LOCALE}`;
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      const unprefixed = path.slice(prefix.length) || '/';
      if (routeOf(unprefixed))
        return `${what} points to no page (${DEFAULT_LOCALE} pages have no ${prefix} prefix: ${unprefixed})`;
    }
    // `/files/price-list.pdf` is meant as a file in public/, so say where it was looked for.
    if (/\.[a-z0-9]+$/i.test(path)) return `${what} points to no file (no file ${posix.join(context.displayPublicDir, path)})`;
    return `${what} points to no page`;
  }

  switch (route.kind) {
    case 'contact':
      return undefined; // rendered on demand, always there
    case 'home':
    case 'faq':
    case 'search':
      if (site.articlesInLocale(route.locale, source.draft) > 0) return undefined;
      return `${what} points to no page: ${route.locale} has no published articles`;
    case 'category':
      if (!site.listsCategory(route.locale, route.slug)) return `${what} points to no category in ${route.locale}`;
      if (site.articlesInCategory(route.locale, route.slug, source.draft) > 0) return undefined;
      return `${what}: category ${route.slug} has no published articles in ${route.locale}, so it has no page`;
    case 'article': {
      const target = site.article(route.locale, route.id);
      if (!target) return `${what} points to no article in ${route.locale}${elsewhere(route.id, route.locale, site)}`;
      if (target.draft && !source.draft) return `${what} points to a draft (${route.id} in ${route.locale} has draft: true)`;
      if (anchor === '' || target.anchors.has(anchor)) return undefined;
      return `${what}: ${route.id} has no heading "${anchor}"${didYouMean(anchor, target.anchors)}`;
    }
  }
}

/** What is wrong with one `related` entry of an article; undefined when it names a published article. */
export function checkRelated(
  relatedId: string,
  source: { locale: Locale; id: string; draft: boolean },
  site: SiteIndex,
): string | undefined {
  if (relatedId === source.id) return 'related lists this article itself';
  const target = site.article(source.locale, relatedId);
  if (!target)
    return `related "${relatedId}" points to no article in ${source.locale}${elsewhere(relatedId, source.locale, site)}`;
  if (target.draft && !source.draft)
    return `related "${relatedId}" is a draft (${relatedId} in ${source.locale} has draft: true)`;
  return undefined;
}

/** A hint for translators: the id exists, just in another locale. */
function elsewhere(id: string, locale: Locale, site: SiteIndex): string {
  const others = LOCALES.filter((other) => other !== locale && site.article(other, id));
  return others.length > 0 ? ` (${id} exists in ${others.join(', ')})` : '';
}

function didYouMean(anchor: string, anchors: ReadonlySet<string>): string {
  const suggestion = closestMatch(anchor, anchors);
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

/** A malformed `%` escape is left as written rather than failing the check. */
function decode(text: string, decoder: (text: string) => string): string {
  try {
    return decoder(text);
  } catch {
    return text;
  }
}
