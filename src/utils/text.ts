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
  return (
    text
      .toLowerCase()
      .replaceAll('ё', 'е')
      .match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []
  );
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
