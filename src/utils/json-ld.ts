/** schema.org BreadcrumbList for a trail of pages, from the home page down. */
export function breadcrumbJsonLd(crumbs: Array<{ title: string; url: string }>, site: URL | undefined): object {
  const base = site ?? new URL('http://localhost:4321');
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.title,
      item: new URL(crumb.url, base).href,
    })),
  };
}
