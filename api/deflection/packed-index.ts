import type MiniSearch from 'minisearch';

/**
 * A MiniSearch index, packed for scoring: per term and field, the documents that contain the term and how often,
 * in typed arrays. MiniSearch builds the index (tokenizing, term processing, field lengths); this is the same
 * index, read through its documented serialization (`toJSON`), in a form that scores a question's postings
 * without allocating per posting. Searching MiniSearch itself costs ~1.6 µs a posting (a result object, a match
 * record and a map merge each), packed it is ~0.1 µs: at 10,000 articles that was two thirds of a suggestion.
 */
export interface PackedIndex {
  documentCount: number;
  fieldIds: Readonly<Record<string, number>>;
  /** Each field's length per document (in MiniSearch's count: distinct tokens), indexed by document id. */
  fieldLengths: readonly Uint32Array[];
  averageFieldLengths: readonly number[];
  /** Per term, per field id: the postings of that field, by ascending document id (undefined: not in that field). */
  postings: ReadonlyMap<string, ReadonlyArray<Postings | undefined>>;
  /** Scratch space for one search at a time (JavaScript runs one at a time). */
  scratch: { scores: Float64Array; matched: Uint32Array; seen: Uint8Array };
}

interface Postings {
  documents: Uint32Array;
  counts: Uint32Array;
}

/** A term to score, with the weight its contribution is multiplied by. */
export interface ScoredTerm {
  term: string;
  boost: number;
  /** Which bit of a document's `matched` mask says that it contains the term (0–31). */
  bit: number;
}

/** Terms searched in some fields, each field with its weight. */
export interface Clause {
  terms: readonly ScoredTerm[];
  fields: ReadonlyArray<readonly [field: string, boost: number]>;
}

/** The documents that matched, as parallel arrays: a document, its score, and the bits of the terms it contains. */
export interface Scores {
  documents: Uint32Array;
  scores: Float64Array;
  matched: Uint32Array;
}

/** MiniSearch's default BM25+ parameters, which the index was built and tuned with. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Packs a MiniSearch index whose document ids are 0, 1, 2… (array positions). The MiniSearch instance can be
 * dropped afterwards: the packed form holds everything scoring needs, in a fraction of the memory.
 */
export function packIndex<T>(index: MiniSearch<T>): PackedIndex {
  const plain = index.toJSON();
  const documentCount = plain.documentCount;
  const idOf = new Map<string, number>();
  for (const [shortId, id] of Object.entries(plain.documentIds)) {
    if (!Number.isInteger(id) || id < 0 || id >= documentCount)
      throw new Error(`packIndex: document id ${String(id)} is not 0..${documentCount - 1}.`);
    idOf.set(shortId, id as number);
  }
  const fieldCount = Object.keys(plain.fieldIds).length;
  const fieldLengths = Array.from({ length: fieldCount }, () => new Uint32Array(documentCount));
  for (const [shortId, lengths] of Object.entries(plain.fieldLength)) {
    const id = idOf.get(shortId);
    if (id === undefined) continue;
    lengths.forEach((length, field) => {
      const column = fieldLengths[field];
      if (column) column[id] = length ?? 0;
    });
  }
  const postings = new Map<string, Array<Postings | undefined>>();
  for (const [term, byField] of plain.index) {
    const fields: Array<Postings | undefined> = new Array<Postings | undefined>(fieldCount).fill(undefined);
    for (const [fieldId, counts] of Object.entries(byField)) {
      const entries = Object.entries(counts as Record<string, number>)
        .map(([shortId, count]) => [idOf.get(shortId) ?? -1, count] as const)
        .filter(([id]) => id >= 0)
        .sort((a, b) => a[0] - b[0]);
      fields[Number(fieldId)] = {
        documents: Uint32Array.from(entries, ([id]) => id),
        counts: Uint32Array.from(entries, ([, count]) => count),
      };
    }
    postings.set(term, fields);
  }
  return {
    documentCount,
    fieldIds: plain.fieldIds,
    fieldLengths,
    averageFieldLengths: plain.averageFieldLength,
    postings,
    scratch: {
      scores: new Float64Array(documentCount),
      matched: new Uint32Array(documentCount),
      seen: new Uint8Array(documentCount),
    },
  };
}

/**
 * Scores the documents that contain any of the clauses' terms: for each term and field, BM25+ (MiniSearch's
 * formula and parameters, per field) times the term's and the field's boost, summed. Documents come in the order
 * they were first matched (clause by clause, term by term, field by field), as MiniSearch lists them, so equal
 * scores keep the order they had before the index was packed. Unsorted.
 */
export function scoreDocuments(index: PackedIndex, clauses: readonly Clause[]): Scores {
  const { scores, matched, seen } = index.scratch;
  const order: number[] = [];
  for (const clause of clauses) {
    const fields = clause.fields.flatMap(([field, boost]) => {
      const id = index.fieldIds[field];
      return id === undefined ? [] : [{ id, boost }];
    });
    for (const { term, boost, bit } of clause.terms) {
      const byField = index.postings.get(term);
      if (!byField) continue;
      if (!Number.isInteger(bit) || bit < 0 || bit > 31)
        throw new RangeError(`scoreDocuments: bit ${bit} of "${term}" is not 0–31.`);
      const mask = 1 << bit;
      for (const field of fields) {
        const fieldPostings = byField[field.id];
        if (!fieldPostings) continue;
        const { documents, counts } = fieldPostings;
        const lengths = index.fieldLengths[field.id] as Uint32Array;
        const averageLength = index.averageFieldLengths[field.id] ?? 1;
        const matching = documents.length;
        const idf = Math.log(1 + (index.documentCount - matching + 0.5) / (matching + 0.5));
        const weight = boost * field.boost;
        for (let i = 0; i < matching; i++) {
          const document = documents[i] as number;
          const count = counts[i] as number;
          const length = lengths[document] as number;
          const bm25 =
            idf * (BM25.d + (count * (BM25.k + 1)) / (count + BM25.k * (1 - BM25.b + (BM25.b * length) / averageLength)));
          if (seen[document] === 0) {
            seen[document] = 1;
            order.push(document);
          }
          scores[document] = (scores[document] as number) + weight * bm25;
          matched[document] = (matched[document] as number) | mask;
        }
      }
    }
  }
  const found: Scores = {
    documents: new Uint32Array(order.length),
    scores: new Float64Array(order.length),
    matched: new Uint32Array(order.length),
  };
  found.documents.set(order);
  for (let i = 0; i < order.length; i++) {
    const document = order[i] as number;
    found.scores[i] = scores[document] as number;
    found.matched[i] = matched[document] as number;
    scores[document] = 0;
    matched[document] = 0;
    seen[document] = 0;
  }
  return found;
}
