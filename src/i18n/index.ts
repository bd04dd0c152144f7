import en from './translations/en.json';
import ru from './translations/ru.json';
import type { Locale } from './locales';

export type MessageKey = keyof typeof en;

/** Every locale must translate every key: a missing one is a type error here, not a blank on a page. */
const messages: Record<Locale, Record<MessageKey, string>> = { en, ru };

/** The interface text for a key in a locale, with `{name}` placeholders filled in. */
export function t(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}

/** Dates as readers of a locale write them: "14 March 2026", «14 марта 2026 г.». */
export function formatDate(locale: Locale, date: Date): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** A moment as the customer pages show it: the date as `formatDate` writes it, and the time in UTC. */
export function formatDateTime(locale: Locale, date: Date): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' });
    timeFormats.set(locale, format);
  }
  return `${formatDate(locale, date)}, ${format.format(date)} UTC`;
}

// Making a formatter costs a hundred times more than using one; a build formats thousands of dates.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

export * from './locales';
