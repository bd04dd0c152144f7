import { getCollection, type CollectionEntry } from 'astro:content';
import { LOCALES, type Locale } from '../i18n/locales';
import { computeRelated } from './related';
import { markdownToPlainText } from './text';
import { urls } from './urls';

/** One published article of one locale, with what every page needs to list or link it. */
export interface Article {
  /** The article id (its file name); translations share it. */
  id: string;
  locale: Locale;
  category: string;
  title: string;
  description: string;
  tags: string[];
  keywords: string[];
  order: number;
  updated: Date;
  url: string;
  entry: CollectionEntry<'articles'>;
}

export interface CategoryInfo {
  slug: string;
  locale: Locale;
  title: string;
  description: string;
  order: number;
  url: string;
  articles: Article[];
}

export interface HelpCenter {
  /** Locales that have at least one published article, default locale first. */
  locales: Locale[];
  articles(locale: Locale): Article[];
  article(locale: Locale, id: string): Article | undefined;
  categories(locale: Locale): CategoryInfo[];
  category(locale: Locale, slug: string): CategoryInfo | undefined;
  /** The same article in every locale it is written in. */
  translations(id: string): Partial<Record<Locale, Article>>;
  related(article: Article): Article[];
  faq(locale: Locale): Article[];
}

const RELATED_LIMIT = 5;

// Built once per build process: every page of the site reads the same immutable model.
let cached: Promise<HelpCenter> | undefined;

/** The whole help center as one model: articles, categories, translations and related articles. */
export function loadHelpCenter(): Promise<HelpCenter> {
  cached ??= buildHelpCenter();
  return cached;
}

async function buildHelpCenter(): Promise<HelpCenter> {
  const includeDrafts = import.meta.env.DEV;
  const entries = await getCollection('articles', (entry) => includeDrafts || !entry.data.draft);
  const categoryEntries = await getCollection('categories');

  const byLocale = new Map<Locale, Article[]>(LOCALES.map((locale) => [locale, []]));
  for (const entry of entries) {
    const [locale, category, id] = entry.id.split('/') as [Locale, string, string];
    byLocale.get(locale)?.push({
      id,
      locale,
      category,
      title: entry.data.title,
      description: entry.data.description,
      tags: entry.data.tags,
      keywords: entry.data.keywords,
      order: entry.data.order,
      updated: entry.data.updated,
      url: urls.article(locale, id),
      entry,
    });
  }

  const index = new Map<string, Article>();
  const categories = new Map<Locale, CategoryInfo[]>();
  const related = new Map<string, string[]>();
  for (const [locale, articles] of byLocale) {
    articles.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, locale));
    for (const article of articles) index.set(`${locale}/${article.id}`, article);

    const localeCategories: CategoryInfo[] = [];
    for (const entry of categoryEntries) {
      if (entry.data.locale !== locale) continue;
      const categoryArticles = articles.filter((article) => article.category === entry.data.slug);
      if (categoryArticles.length === 0) continue;
      localeCategories.push({
        slug: entry.data.slug,
        locale,
        title: entry.data.title,
        description: entry.data.description,
        order: entry.data.order,
        url: urls.category(locale, entry.data.slug),
        articles: categoryArticles,
      });
    }
    localeCategories.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, locale));
    categories.set(locale, localeCategories);

    const ranked = computeRelated(
      articles.map((article) => ({
        id: article.id,
        locale,
        category: article.category,
        tags: article.tags,
        related: article.entry.data.related,
        text: [
          article.title,
          article.description,
          article.keywords.join(' '),
          markdownToPlainText(article.entry.body ?? ''),
        ].join(' '),
      })),
      RELATED_LIMIT,
    );
    for (const [id, relatedIds] of ranked) related.set(`${locale}/${id}`, relatedIds);
  }

  const article = (locale: Locale, id: string) => index.get(`${locale}/${id}`);
  return {
    locales: LOCALES.filter((locale) => (byLocale.get(locale)?.length ?? 0) > 0),
    articles: (locale) => byLocale.get(locale) ?? [],
    article,
    categories: (locale) => categories.get(locale) ?? [],
    category: (locale, slug) => categories.get(locale)?.find((category) => category.slug === slug),
    translations(id) {
      const found: Partial<Record<Locale, Article>> = {};
      for (const locale of LOCALES) {
        const translation = article(locale, id);
        if (translation) found[locale] = translation;
      }
      return found;
    },
    related(of) {
      const ids = related.get(`${of.locale}/${of.id}`) ?? [];
      return ids.flatMap((id) => article(of.locale, id) ?? []);
    },
    faq: (locale) => (byLocale.get(locale) ?? []).filter((article) => article.tags.includes('faq')),
  };
}
