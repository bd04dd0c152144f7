import { localePrefix, type Locale } from '../i18n/locales';

/** Every page URL of the help center, in one place, so links and the link checker agree. */
export const urls = {
  home: (locale: Locale) => `${localePrefix(locale)}/`,
  category: (locale: Locale, category: string) => `${localePrefix(locale)}/categories/${category}/`,
  article: (locale: Locale, id: string) => `${localePrefix(locale)}/articles/${id}/`,
  faq: (locale: Locale) => `${localePrefix(locale)}/faq/`,
  search: (locale: Locale) => `${localePrefix(locale)}/search/`,
  contact: (locale: Locale) => `${localePrefix(locale)}/contact`,
  /** A ticket's private status page; the key goes in its query string. */
  ticket: (locale: Locale, number: number) => `${localePrefix(locale)}/tickets/${number}`,
  /** Where a customer asks for an email link to all their tickets. */
  tickets: (locale: Locale) => `${localePrefix(locale)}/tickets`,
  /** Where that emailed link opens; its single-use token goes in the query string. */
  ticketsAccess: (locale: Locale) => `${localePrefix(locale)}/tickets/access`,
  /** The list of a customer's tickets, for a browser that used a link. */
  myTickets: (locale: Locale) => `${localePrefix(locale)}/tickets/mine`,
};
