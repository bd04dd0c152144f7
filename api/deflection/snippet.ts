import { tokenizeWithOffsets } from '../../src/utils/text';
import type { Analyzer } from './analyzer';

/** A piece of a snippet. Plain text, never HTML: whoever shows it escapes it and marks `match` pieces. */
export interface SnippetSegment {
  text: string;
  /** The piece is a word the question matched. */
  match: boolean;
}

/** About two lines of a suggestion panel. */
const SNIPPET_CHARS = 180;
/** How much context to keep before the first marked word. */
const LEAD_CHARS = 40;
/** Only the start of a very long section is searched for the best passage: a snippet must be cheap to make. */
const SCAN_CHARS = 20_000;
const MAX_MATCHES = 300;

/**
 * The passage of `text` (about two lines) with the most distinct matched terms, split into plain and matched
 * segments. `matched` holds index terms (stems, and whole identifiers) as the analyzer produces them, so
 * "passwords" is marked for a question that said "password". Falls back to the start of the text.
 */
export function buildSnippet(text: string, matched: ReadonlySet<string>, analyzer: Analyzer): SnippetSegment[] {
  const scanned = text.slice(0, SCAN_CHARS);
  const hits: Array<{ start: number; end: number; terms: readonly string[] }> = [];
  for (const token of tokenizeWithOffsets(scanned)) {
    const terms = analyzer.terms(token.text).filter((term) => matched.has(term));
    if (terms.length === 0) continue;
    hits.push({ start: token.start, end: token.end, terms });
    if (hits.length >= MAX_MATCHES) break;
  }

  // The window (starting at a hit) that covers the most distinct terms, then the most hits.
  let best = { from: 0, distinct: 0, count: 0 };
  for (let i = 0; i < hits.length; i++) {
    const first = hits[i];
    if (!first) continue;
    const seen = new Set<string>();
    let count = 0;
    for (let j = i; j < hits.length; j++) {
      const hit = hits[j];
      if (!hit || hit.end - first.start > SNIPPET_CHARS - LEAD_CHARS) break;
      for (const term of hit.terms) seen.add(term);
      count += 1;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) {
      best = { from: i, distinct: seen.size, count };
    }
  }

  const anchorHit = hits[best.from];
  let start = anchorHit ? Math.max(0, anchorHit.start - LEAD_CHARS) : 0;
  // Start on a word boundary (or a sentence start if one is near) so the snippet doesn't open mid-word.
  if (start > 0) {
    const sentence = scanned.lastIndexOf('\n', anchorHit?.start ?? start);
    if (sentence >= start - LEAD_CHARS && sentence >= 0) start = sentence + 1;
    else start = wordBoundaryAfter(scanned, start);
  }
  let end = Math.min(scanned.length, start + SNIPPET_CHARS);
  if (end < scanned.length) end = wordBoundaryBefore(scanned, end, start);

  const segments: SnippetSegment[] = [];
  const push = (piece: string, match: boolean) => {
    const clean = piece.replace(/\s+/g, ' ');
    if (clean === '') return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += clean;
    else segments.push({ text: clean, match });
  };
  if (start > 0) push('… ', false);
  let cursor = start;
  for (const hit of hits) {
    if (hit.start < start || hit.end > end) continue;
    push(scanned.slice(cursor, hit.start), false);
    push(scanned.slice(hit.start, hit.end), true);
    cursor = hit.end;
  }
  push(scanned.slice(cursor, end), false);
  if (end < text.length) push(' …', false);
  const first = segments[0];
  if (first && !first.match) first.text = first.text.trimStart();
  return segments;
}

function wordBoundaryAfter(text: string, index: number): number {
  const next = text.slice(index).search(/\s/);
  return next === -1 || next > 20 ? index : index + next + 1;
}

function wordBoundaryBefore(text: string, index: number, floor: number): number {
  const previous = text.lastIndexOf(' ', index);
  return previous > floor + 20 ? previous : index;
}
