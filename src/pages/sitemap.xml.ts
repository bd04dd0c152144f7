import type { APIRoute } from 'astro';
import type { Locale } from '../i18n/locales';
import { loadHelpCenter } from '../utils/help-center';
import { urls } from '../utils/urls';

/** One URL of the sitemap with its translations, so search engines show each reader their language. */
interface SitemapEntry {
  path: string;
  lastmod?: Date;
  alternates: Partial<Record<Locale, string>>;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char] ?? char);

export const prerender = true;

export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://localhost:4321');
  const helpCenter = await loadHelpCenter();
  const entries: SitemapEntry[] = [];
  const perLocale = (page: (locale: Locale) => string | undefined) =>
    Object.fromEntries(helpCenter.locales.flatMap((locale) => (page(locale) ? [[locale, page(locale)]] : [])));

  const homes = perLocale(urls.home);
  const faqs = perLocale((locale) => (helpCenter.faq(locale).length ? urls.faq(locale) : undefined));
  for (const locale of helpCenter.locales) {
    entries.push({ path: urls.home(locale), alternates: homes });
    if (faqs[locale]) entries.push({ path: urls.faq(locale), alternates: faqs });
    for (const category of helpCenter.categories(locale)) {
      entries.push({
        path: category.url,
        alternates: perLocale((other) => helpCenter.category(other, category.slug)?.url),
      });
    }
    for (const article of helpCenter.articles(locale)) {
      entries.push({
        path: article.url,
        lastmod: article.updated,
        alternates: perLocale((other) => helpCenter.article(other, article.id)?.url),
      });
    }
  }

  const body = entries
    .map((entry) => {
      const links = Object.entries(entry.alternates);
      const alternates =
        links.length > 1
          ? links
              .map(
                ([locale, path]) =>
                  `<xhtml:link rel="alternate" hreflang="${locale}" href="${escapeXml(new URL(path, base).href)}"/>`,
              )
              .join('')
          : '';
      const lastmod = entry.lastmod ? `<lastmod>${entry.lastmod.toISOString().slice(0, 10)}</lastmod>` : '';
      return `<url><loc>${escapeXml(new URL(entry.path, base).href)}</loc>${lastmod}${alternates}</url>`;
    })
    .join('\n');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${body}
</urlset>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
