import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { packIndex, scoreDocuments } from '../../api/deflection/packed-index';
import { createRandom } from '../../bench/lib/random';

interface Doc {
  id: number;
  title: string;
  body: string;
}

const WORDS = 'invoice refund card bank export password reset email team plan tax report sync device'.split(' ');

/** Documents of random lengths over a small vocabulary, so terms repeat, fields differ in length, and scores tie. */
function corpus(count: number, seed: number): Doc[] {
  const random = createRandom(seed);
  const text = (min: number, max: number) => Array.from({ length: random.int(min, max) }, () => random.pick(WORDS)).join(' ');
  return Array.from({ length: count }, (_, id) => ({ id, title: text(1, 4), body: text(0, 60) }));
}

function miniSearchOf(docs: Doc[]): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>({ fields: ['title', 'body'] });
  index.addAll(docs);
  return index;
}

describe('the packed index', () => {
  it('scores and orders documents exactly as MiniSearch does, boosts and field weights included', () => {
    const docs = corpus(300, 7);
    const index = miniSearchOf(docs);
    const packed = packIndex(index);
    const boosts: Record<string, number> = { refund: 2, card: 1, zzz: 5, password: 0.5 };
    const terms = Object.keys(boosts);

    const expected = index.search(terms.join(' '), {
      boost: { title: 3, body: 1 },
      boostTerm: (term) => boosts[term] ?? 1,
    });
    const found = scoreDocuments(packed, [
      {
        terms: terms.map((term, bit) => ({ term, boost: boosts[term] ?? 1, bit })),
        fields: [
          ['title', 3],
          ['body', 1],
        ],
      },
    ]);

    // MiniSearch multiplies each score by the number of query terms matched; undo that to compare.
    const ranked = [...found.documents.keys()]
      .map((i) => ({ id: found.documents[i], score: found.scores[i] ?? 0, matched: found.matched[i] ?? 0 }))
      .map((entry) => ({ ...entry, terms: terms.filter((_, bit) => entry.matched & (1 << bit)) }))
      .map((entry) => ({ ...entry, score: entry.score * entry.terms.length }))
      .sort((a, b) => b.score - a.score);
    expect(ranked.length).toBeGreaterThan(100);
    expect(ranked.map((entry) => entry.id)).toEqual(expected.map((result) => result.id));
    ranked.forEach((entry, i) => {
      expect(entry.score).toBeCloseTo(expected[i]?.score ?? NaN, 9);
      expect(entry.terms).toEqual(expected[i]?.queryTerms);
    });
  });

  it('searches each clause in its own fields only', () => {
    const docs: Doc[] = [
      { id: 0, title: 'refund', body: 'card' },
      { id: 1, title: 'card', body: 'refund' },
    ];
    const packed = packIndex(miniSearchOf(docs));
    const found = scoreDocuments(packed, [
      { terms: [{ term: 'refund', boost: 1, bit: 0 }], fields: [['title', 1]] },
      { terms: [{ term: 'card', boost: 1, bit: 1 }], fields: [['body', 1]] },
    ]);
    expect([...found.documents]).toEqual([0]);
    expect(found.matched[0]).toBe(0b11);
  });

  it('leaves nothing behind between searches', () => {
    const packed = packIndex(miniSearchOf(corpus(50, 3)));
    const clause = { terms: [{ term: 'invoice', boost: 1, bit: 0 }], fields: [['body', 1]] as const };
    const first = scoreDocuments(packed, [clause]);
    const second = scoreDocuments(packed, [clause]);
    expect([...second.scores]).toEqual([...first.scores]);
    expect([...second.matched]).toEqual([...first.matched]);
  });

  it('refuses documents whose ids are not their positions', () => {
    const index = new MiniSearch<{ id: string; title: string }>({ fields: ['title'] });
    index.add({ id: 'a', title: 'refund' });
    expect(() => packIndex(index)).toThrow(/document id a/);
  });
});
