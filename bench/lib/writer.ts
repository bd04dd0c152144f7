import { createZipf, type Random } from './random';
import type { Language } from './vocabulary';

/** Words customers open or pad a message with, whatever it is about. */
const CHATTER = `hi hello thanks please help urgent again still since yesterday today tried everything nothing works`.split(' ');

/** Writes sentences in one language: Zipf over its core words, with a long tail of rare made-up words. */
export function createWriter(language: Language, random: Random) {
  const core = language.core;
  const coreRank = createZipf(core.length, 1, 2.7);
  const contentRank = createZipf(core.length - language.contentStart, 1, 1.7);
  const tail: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const syllables = Array.from({ length: random.int(2, 4) }, () => random.pick(language.tailSyllables));
    tail.push(syllables.join(''));
  }
  const tailRank = createZipf(tail.length, 1, 1.7);
  const word = () => (random.next() < 0.1 ? tail[tailRank(random)]! : core[coreRank(random)]!);
  const contentWord = () => (random.next() < 0.15 ? tail[tailRank(random)]! : core[language.contentStart + contentRank(random)]!);
  return {
    tail,
    /** `count` content words: what a subject line or a heading is made of. */
    phrase: (count: number) => Array.from({ length: count }, contentWord).join(' '),
    subject: () => `${random.pick(language.titleVerbs)} ${Array.from({ length: random.int(2, 5) }, contentWord).join(' ')}`,
    body: (words: number) => {
      const sentences: string[] = [];
      let left = words;
      while (left > 0) {
        const length = Math.min(left, random.int(6, 16));
        const parts = Array.from({ length }, word);
        if (random.chance(0.2)) parts.unshift(random.pick(CHATTER));
        sentences.push(`${parts.join(' ')}.`);
        left -= length;
      }
      const text = sentences.join(' ');
      return `${text[0]!.toUpperCase()}${text.slice(1)}`;
    },
  };
}
