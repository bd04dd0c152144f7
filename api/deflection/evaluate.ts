import type { ArticleRecord } from './article-record';
import { createBaselineIndex } from './baseline';
import { createSuggestionIndex } from './suggestion-index';

/** One question and the pages (and sections) that answer it. */
export interface EvalPair {
  id: string;
  /** The customer's subject, a newline, then their message: what the contact form sends. */
  question: string;
  /** Article ids (docs paths without `.md`) that answer it. */
  expected: string[];
  /** `id#anchor` of the sections that answer it; anchors compared case-insensitively. */
  expectedAnchors: string[];
}

/** Ranking quality over a set of questions: shares of questions, 0–1. */
export interface Metrics {
  'recall@1': number;
  'recall@3': number;
  'recall@5': number;
  /** Mean reciprocal rank of the first hit within the first 10 suggestions. */
  mrr: number;
}

/** Page- and section-level metrics of one ranking. */
export interface LevelMetrics {
  page: Metrics;
  section: Metrics;
}

/** Where each question's first hit landed (1-based; null when not in the first 10). */
export interface QuestionRanks {
  id: string;
  docketPage: number | null;
  docketSection: number | null;
  baselinePage: number | null;
}

export interface EvalReport {
  docket: LevelMetrics;
  baseline: LevelMetrics;
  questions: number;
  ranks: QuestionRanks[];
}

const DEPTH = 10;

/**
 * Reads a pairs file (JSON lines: `question_title`, `question_body`, `expected` files, `expected_anchors` as
 * `file.md#anchor`). Files map to article ids the way the corpus loader names pages: path without `.md`.
 */
export function readPairs(jsonl: string): EvalPair[] {
  const pairs: EvalPair[] = [];
  jsonl.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (cause) {
      throw new Error(`Line ${index + 1} of the pairs file is not JSON.`, { cause });
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const list = (value: unknown) =>
      Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    const body = text(row.question_body);
    pairs.push({
      id: text(row.id) || `line-${index + 1}`,
      question: body ? `${text(row.question_title)}\n${body}` : text(row.question_title),
      expected: list(row.expected).map(pageIdOf),
      expectedAnchors: list(row.expected_anchors).map((target) => {
        const [file = '', anchor = ''] = target.split('#');
        return `${pageIdOf(file)}#${anchor.toLowerCase()}`;
      }),
    });
  });
  return pairs;
}

function pageIdOf(file: string): string {
  return file.replace(/^\/+/, '').replace(/\.mdx?$/i, '');
}

/**
 * Runs every question through the same `suggest()` that answers `/api/suggest` and through the plain-BM25
 * baseline built in the same run from the same records, and scores both.
 */
export function evaluateDeflection(records: readonly ArticleRecord[], pairs: readonly EvalPair[], locale = 'en'): EvalReport {
  const docket = createSuggestionIndex(records);
  const baseline = createBaselineIndex(records);
  const ranks: QuestionRanks[] = [];
  for (const pair of pairs) {
    const suggestions = docket.suggest(pair.question, { locale, limit: DEPTH });
    const baseResults = baseline.search(pair.question, { locale, limit: DEPTH });
    const expected = new Set(pair.expected);
    const anchors = new Set(pair.expectedAnchors);
    const sectionOf = (id: string, url: string) => {
      const hash = url.indexOf('#');
      return hash === -1 ? undefined : `${id}#${decodeURIComponent(url.slice(hash + 1)).toLowerCase()}`;
    };
    ranks.push({
      id: pair.id,
      docketPage: rankOf(suggestions.map((s) => expected.has(s.id))),
      docketSection: rankOf(suggestions.map((s) => anchors.has(sectionOf(s.id, s.url) ?? ''))),
      baselinePage: rankOf(baseResults.map((r) => expected.has(r.id))),
    });
  }
  return {
    docket: { page: metricsOf(ranks.map((r) => r.docketPage)), section: metricsOf(ranks.map((r) => r.docketSection)) },
    // The baseline ranks whole pages only, so it never names a section: its section level is zero by construction.
    baseline: { page: metricsOf(ranks.map((r) => r.baselinePage)), section: metricsOf(ranks.map(() => null)) },
    questions: pairs.length,
    ranks,
  };
}

function rankOf(hits: boolean[]): number | null {
  const index = hits.indexOf(true);
  return index === -1 ? null : index + 1;
}

function metricsOf(ranks: ReadonlyArray<number | null>): Metrics {
  const n = Math.max(1, ranks.length);
  const within = (k: number) => ranks.filter((rank) => rank !== null && rank <= k).length / n;
  const mrr = ranks.reduce<number>((sum, rank) => sum + (rank === null ? 0 : 1 / rank), 0) / n;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return { 'recall@1': round(within(1)), 'recall@3': round(within(3)), 'recall@5': round(within(5)), mrr: round(mrr) };
}
