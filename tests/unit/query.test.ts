import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../api/deflection/analyzer';
import { analyzeQuery, type QueryContext, type TermStats } from '../../api/deflection/query';

/** A vocabulary of a few terms, with typo correction as the suggestion index offers it (edit distance). */
function contextOf(vocabulary: Record<string, TermStats>): QueryContext {
  const entries = Object.entries(vocabulary);
  return {
    analyzer: createAnalyzer('en'),
    stats: (term) => vocabulary[term],
    completions: (prefix) => entries.filter(([term]) => term.startsWith(prefix)),
    corrections: (term, maxDistance) =>
      entries.flatMap(([known, stats]) => {
        const distance = editDistance(term, known);
        return distance <= maxDistance ? [[known, stats, distance] as [string, TermStats, number]] : [];
      }),
    unitCount: 100,
    genericTerms: new Set(),
  };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const stats = (units: number): TermStats => ({ units, occurrences: units * 2, headings: 1, titles: 1 });

describe('reading a question into search terms', () => {
  it('searches a word once when the question also has it misspelt, at the weight of the word as written', () => {
    const context = contextOf({ password: stats(5), reset: stats(8) });
    const terms = analyzeQuery('pasword reset password?', context);
    expect(terms.map((term) => term.term).sort()).toEqual(['password', 'reset']);
    expect(terms.find((term) => term.term === 'password')?.scope).toBe('all');
  });

  it('searches a correction once when two typos point at the same word', () => {
    const context = contextOf({ password: stats(5) });
    const terms = analyzeQuery('pasword passwrd?', context);
    expect(terms.map((term) => term.term)).toEqual(['password']);
  });
});
