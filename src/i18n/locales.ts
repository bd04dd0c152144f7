/** The locales the help center is written in. The first is the default, served at `/`. */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The URL prefix of a locale's pages: `` for the default locale, `/ru` for the others. */
export function localePrefix(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? '' : `/${locale}`;
}

/**
 * The locale a URL's leading segment names: none for the default locale (`/contact`), `ru` for `/ru/contact`.
 * Undefined for anything else, including the default locale spelled out (`/en/contact` is not a page).
 */
export function localeFromPrefix(segment: string | undefined): Locale | undefined {
  if (segment === undefined || segment === '') return DEFAULT_LOCALE;
  return segment !== DEFAULT_LOCALE && isLocale(segment) ? segment : undefined;
}
