import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemRussian } from '@orama/stemmers/russian';
import type { Locale } from '../i18n/locales';

const STOP_WORDS: Record<Locale, ReadonlySet<string>> = {
  en: new Set(
    `a about above after again all also am an and any are as at be because been before being below between both but by can
    could did do does doing down during each few for from further had has have having he her here hers him his how i if in
    into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours yourself get got use using
    can't cannot don't doesn't isn't won't it's i'm you're`.split(/\s+/),
  ),
  ru: new Set(
    `а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ее её если есть
    еще ещё же за здесь и из или им их к как какой когда кто ли либо мне может мы на над нам нас не него нее неё нет ни
    них но ну о об однако он она они оно от очень по под при с со так также такой там те тем то того тоже только том
    ты у уже хотя чего чей чем что чтобы чье чьё эта эти это этот я можно нужно`.split(/\s+/),
  ),
};

const STEMMERS: Record<Locale, (word: string) => string> = { en: stemEnglish, ru: stemRussian };

/** Splits text into lowercase words: letters and digits of any script, apostrophes kept inside words. */
export function tokenize(text: string): string[] {
  return normalizeWord(text).match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

/** Lowercase, with ё read as е (Russian writers use them interchangeably). Keeps the length, so offsets stay valid. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replaceAll('ё', 'е');
}

/** A word or identifier of a text and where it is, so a snippet can mark exactly what matched. */
export interface WordToken {
  /** As written (case kept). */
  text: string;
  start: number;
  end: number;
}

// A word, or an identifier joined by `_`, `.` or `-` (`SMTP_TIMEOUT`, `docker-compose.yml`, `ISO-8601`):
// customers paste those from error messages and config, and they are the most telling thing they write.
const WORD_OR_IDENTIFIER = /[\p{L}\p{N}]+(?:['’]\p{L}+|[._-][\p{L}\p{N}]+)*/gu;
const IDENTIFIER_SEPARATORS = /[._-]+/;

/** Splits text into words and identifiers as written (case kept): what a search index tokenizes. */
export function splitWords(text: string): string[] {
  return text.match(WORD_OR_IDENTIFIER) ?? [];
}

/** Splits text into words and identifiers, with their offsets in the text. */
export function tokenizeWithOffsets(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(WORD_OR_IDENTIFIER)) {
    tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Whether a word is a stop word of the locale; locales without a list have none. */
export function isStopWord(word: string, locale: string): boolean {
  return (STOP_WORDS as Record<string, ReadonlySet<string> | undefined>)[locale]?.has(normalizeWord(word)) ?? false;
}

/** The stem of a lowercase word in the locale; locales without a stemmer keep the word as it is. */
export function stemWord(word: string, locale: string): string {
  const stem = (STEMMERS as Record<string, ((word: string) => string) | undefined>)[locale];
  return stem ? stem(word) : word;
}

/**
 * The search terms of one token from {@link tokenizeWithOffsets}: the stem of a word (none for a stop word or a
 * single letter); an identifier is searchable whole (unstemmed) and by the stems of its parts, and a hyphenated
 * word also written together (`e-mail` → `email`).
 */
export function termsOfToken(token: string, locale: string): string[] {
  const word = normalizeWord(token);
  if (!IDENTIFIER_SEPARATORS.test(word)) {
    const term = termOfWord(word, locale);
    return term ? [term] : [];
  }
  const terms = [word];
  const parts = word.split(IDENTIFIER_SEPARATORS);
  for (const part of parts) {
    // Version numbers (1.17.4) split into noise: only longer numbers (8601, 404) say something on their own.
    if (/^\d+$/.test(part) && part.length < 3) continue;
    const term = termOfWord(part, locale);
    if (term && !terms.includes(term)) terms.push(term);
  }
  if (parts.length <= 3 && /^\p{L}+(?:-\p{L}+)+$/u.test(word)) {
    const joined = termOfWord(parts.join(''), locale);
    if (joined && !terms.includes(joined)) terms.push(joined);
  }
  return terms;
}

function termOfWord(word: string, locale: string): string | undefined {
  if (isStopWord(word, locale)) return undefined;
  // "Tallybook's", "doesn’t": the part before the apostrophe carries the meaning.
  const base = word.split(/['’]/)[0] ?? word;
  if (base.length < 2 || isStopWord(base, locale)) return undefined;
  return stemWord(base, locale);
}

/** The stemmed content words of a text: stop words and one-letter words dropped. */
export function contentTerms(text: string, locale: Locale): string[] {
  const stopWords = STOP_WORDS[locale];
  const stem = STEMMERS[locale];
  const terms: string[] = [];
  for (const word of tokenize(text)) {
    if (word.length < 2 || stopWords.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/** Markdown or MDX source reduced to the words a reader sees (code blocks, markup and URLs removed). */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?\n\1[^\n]*$/gm, ' ')
    .replace(/^\s*(import|export)\s[^\n]*$/gm, ' ')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_>#|~-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A file size as people read it: `512 B`, `48 KB`, `12.5 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
