import { resolve } from 'node:path';
import { LOCALES, type Locale } from '../i18n/locales';
import type { Heading } from '../markdown/render';
import { contentSignature, loadContent } from './load-content';
import { computeRelated } from './related';
import { onPagesWritten } from './pages-written';
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
  /** Ids the writer listed as related, in their order. */
  related: string[];
  /** The article body as HTML. */
  html: string;
  headings: Heading[];
  /** The Markdown source of the body. */
  body: string;
  /** The file as writers know it: `content/en/billing/refunds.md`. */
  file: string;
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

/**
 * Where the articles are: `content/` unless `DOCKET_CONTENT_DIR` points elsewhere (the build benchmark
 * builds generated corpora with the same code).
 */
const CONTENT_DIR = resolve(process.env.DOCKET_CONTENT_DIR || 'content');
const PUBLIC_DIR = resolve('public');

// Built once per build process: every page of the site reads the same immutable model. The dev server
// rebuilds it when a writer saves a file.
let cached: { signature: string; model: Promise<HelpCenter> } | undefined;
// Once the build has written every page, nothing reads the model again, and it holds every article's
// Markdown and HTML: 33 MB of the 96 MB still live when Pagefind starts beside the build (1,000 articles).
// Not in the dev server, which evaluates this module again when its code changes: the subscription of
// each old copy would keep that copy's model alive.
if (!import.meta.env.DEV) {
  onPagesWritten(() => {
    cached = undefined;
  });
}

/** The whole help center as one model: articles, categories, translations and related articles. */
export async function loadHelpCenter(): Promise<HelpCenter> {
  const signature = import.meta.env.DEV ? await contentSignature(CONTENT_DIR) : 'build';
  if (cached?.signature !== signature) cached = { signature, model: buildHelpCenter() };
  return cached.model;
}

async function buildHelpCenter(): Promise<HelpCenter> {
  const content = await loadContent({ contentDir: CONTENT_DIR, publicDir: PUBLIC_DIR, includeDrafts: import.meta.env.DEV });

  const byLocale = new Map<Locale, Article[]>(LOCALES.map((locale) => [locale, []]));
  for (const source of content.articles) {
    const { locale, id, frontmatter } = source;
    byLocale.get(locale)?.push({
      id,
      locale,
      category: source.category,
      title: frontmatter.title,
      description: frontmatter.description,
      tags: frontmatter.tags,
      keywords: frontmatter.keywords,
      order: frontmatter.order,
      updated: frontmatter.updated,
      url: urls.article(locale, id),
      related: frontmatter.related,
      html: source.html,
      headings: source.headings,
      body: source.body,
      file: source.file,
    });
  }

  const index = new Map<string, Article>();
  const categories = new Map<Locale, CategoryInfo[]>();
  const related = new Map<string, string[]>();
  for (const [locale, articles] of byLocale) {
    articles.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, locale));
    for (const article of articles) index.set(`${locale}/${article.id}`, article);

    const localeCategories: CategoryInfo[] = [];
    for (const category of content.categories) {
      if (category.locale !== locale) continue;
      const categoryArticles = articles.filter((article) => article.category === category.slug);
      if (categoryArticles.length === 0) continue;
      localeCategories.push({ ...category, url: urls.category(locale, category.slug), articles: categoryArticles });
    }
    localeCategories.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title, locale));
    categories.set(locale, localeCategories);

    const ranked = computeRelated(
      articles.map((article) => ({
        id: article.id,
        locale,
        category: article.category,
        tags: article.tags,
        related: article.related,
        text: [article.title, article.description, article.keywords.join(' '), markdownToPlainText(article.body)].join(' '),
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
