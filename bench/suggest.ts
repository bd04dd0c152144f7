/**
 * In-process suggestion latency: `npm run bench:suggest`.
 *
 * Builds the suggestion index over 1,000 and 10,000 synthetic articles (deterministic: seeded, Zipf-distributed
 * vocabulary, realistic lengths, sections, identifiers) and times `suggest()` for short questions (a few words,
 * some misspelt or still being typed) and long ones (a rambling ticket with an error message), next to the plain
 * BM25 baseline (the same library with default settings) on the same corpus in the same run. Prints figures and
 * ratios; asserts nothing (the target is p95 ≤ 5 ms at 10,000 articles).
 */
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ArticleRecord } from '../api/deflection/article-record';
import { createBaselineIndex } from '../api/deflection/baseline';
import { createSuggestionIndex } from '../api/deflection/suggestion-index';
import { createRandom, createZipf, type Random } from './lib/random';

const SIZES = [1_000, 10_000];
const QUERIES_PER_KIND = 400;
const WARMUP = 50;
const BASELINE_QUERIES = 150;

const FUNCTION_WORDS = `the to you and a your of in is for it on can or that with be this if are from as not by an at we will when
  have do any more one all then each only also after has so but before which how what there them up out other`.split(/\s+/);
const CONTENT_WORDS = `invoice account payment settings client page email plan card bank team data tax report sign app number date
  amount currency business profile open send save change add create edit delete turn update view check link list menu option
  field name address code status reminder receipt expense estimate subscription billing price customer member role permission
  user browser device notification sync feed password connection integration transfer refund charge fee discount template logo
  reset language country time month year week hours support request error message problem security authentication backup
  history record note document pdf csv spreadsheet column row filter search results summary dashboard screen tab button admin
  owner workspace company contact schedule recurring automatic manual default custom available required optional trial annual
  monthly export import upload download print review confirm cancel connect disconnect verify approve apply match sort group
  track scan mark current next previous existing recent different correct wrong partial secure private active pending failed
  webhook endpoint token key secret session login logout limit storage attachment photo image preview draft overdue archive
  restore duplicate bulk batch queue audit log activity invite access mileage vehicle category tag label memo footer header
  signature branding color font layout format prefix sequence counter inbox spam domain sender phone authenticator recovery
  timezone locale region unit quantity project task timer timesheet workflow rule trigger action condition value feature
  upgrade downgrade renewal cancellation merchant method routing iban swift wire sepa settlement proxy server database docker
  container volume port certificate cache worker consumer polling folder directory path filename parser index migration`.split(
  /\s+/,
);
const SYLLABLES =
  'ka lo mi ra ten vor sil ba der fin gra hol jun ket lum nor pel qua ris sto tal vel wen yar zo cor dan el fen tri'.split(' ');
const CHATTER =
  `hi there thanks in advance I have been trying to figure this out for a while and I am not sure what I am doing wrong
  it worked fine last week but now it does not work anymore can anyone help me please I already tried restarting everything`.split(
    /\s+/,
  );

interface Corpus {
  records: ArticleRecord[];
  vocabulary: string[];
}

function generateCorpus(size: number, seed: number): Corpus {
  const random = createRandom(seed);
  // Rare words (product names, jargon) make the vocabulary grow with the corpus, as real docs' does.
  const tail: string[] = [];
  for (let i = 0; i < 20_000; i++) tail.push(Array.from({ length: random.int(2, 4) }, () => random.pick(SYLLABLES)).join(''));
  const contentRank = createZipf(CONTENT_WORDS.length, 1, 1.7);
  const tailRank = createZipf(tail.length, 1, 1.7);
  const functionRank = createZipf(FUNCTION_WORDS.length, 1, 1.7);
  const word = (): string => {
    const roll = random.next();
    if (roll < 0.45) return FUNCTION_WORDS[functionRank(random)] ?? 'the';
    if (roll < 0.88) return CONTENT_WORDS[contentRank(random)] ?? 'invoice';
    return tail[tailRank(random)] ?? 'kalo';
  };
  const topicWord = (): string =>
    random.next() < 0.8 ? (CONTENT_WORDS[contentRank(random)] ?? 'invoice') : (tail[tailRank(random)] ?? 'kalo');
  const identifier = () => `${topicWord()}_${topicWord()}_${topicWord()}`.toUpperCase();
  const sentence = (words: number) => {
    const parts = Array.from({ length: words }, word);
    if (random.next() < 0.08) parts.push(identifier());
    if (random.next() < 0.03) parts.push(`E${random.int(1000, 9999)}`);
    return `${parts.join(' ')}.`;
  };

  const records: ArticleRecord[] = [];
  for (let i = 0; i < size; i++) {
    const title = Array.from({ length: random.int(3, 7) }, topicWord).join(' ');
    const sectionCount = random.int(2, 8);
    const sections = [];
    const slugs = new Set<string>();
    for (let s = 0; s < sectionCount; s++) {
      const heading = Array.from({ length: random.int(2, 6) }, topicWord).join(' ');
      let anchor = heading.replace(/\s+/g, '-');
      while (slugs.has(anchor)) anchor += '-1';
      slugs.add(anchor);
      const text = Array.from({ length: random.int(2, 10) }, () => sentence(random.int(8, 25))).join(' ');
      sections.push({ anchor, heading, depth: random.next() < 0.7 ? 2 : 3, text });
    }
    const intro = sentence(random.int(15, 40));
    records.push({
      id: `article-${i}`,
      locale: 'en',
      url: `/articles/article-${i}/`,
      title,
      description: sentence(random.int(10, 22)),
      keywords: Array.from({ length: random.int(0, 4) }, topicWord),
      tags: [],
      category: `category-${i % 12}`,
      headings: sections.map((section) => section.heading),
      sections,
      text: [intro, ...sections.flatMap((section) => [section.heading, section.text])].join('\n'),
    });
  }
  return { records, vocabulary: tail };
}

/** Short questions as typed in a subject line: title words, sometimes misspelt, sometimes mid-word. */
function shortQueries(corpus: Corpus, seed: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: QUERIES_PER_KIND }, () => {
    const record = random.pick(corpus.records);
    const words = record.title.split(' ').slice(0, random.int(2, 4));
    const roll = random.next();
    if (roll < 0.25) words[0] = misspell(words[0] ?? '', random);
    const query = words.join(' ');
    // Typing: the last word cut short (prefix search on it).
    if (roll > 0.7) return query.slice(0, Math.max(3, query.length - random.int(1, 3)));
    return `${query}?`;
  });
}

/** Tickets: a subject, then a rambling message with some topic words, an identifier or error code. */
function longQueries(corpus: Corpus, seed: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: QUERIES_PER_KIND }, () => {
    const record = random.pick(corpus.records);
    const section = random.pick(record.sections);
    const topic = section.text.split(/\s+/);
    const body: string[] = [];
    for (let i = 0; i < random.int(40, 120); i++) body.push(random.next() < 0.6 ? random.pick(CHATTER) : random.pick(topic));
    if (random.next() < 0.5)
      body.push(`Error: ${random.pick(topic)} failed (E${random.int(1000, 9999)}) see https://example.com/x/y`);
    return `${record.title.split(' ').slice(0, 4).join(' ')}\n${body.join(' ')}`;
  });
}

function misspell(word: string, random: Random): string {
  if (word.length < 5) return word;
  const at = random.int(1, word.length - 2);
  return random.next() < 0.5 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + (word[at] ?? '') + word.slice(at);
}

function time(queries: readonly string[], run: (query: string) => unknown): { p50: number; p95: number } {
  for (const query of queries.slice(0, WARMUP)) run(query);
  const samples: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    run(query);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (share: number) => samples[Math.min(samples.length - 1, Math.floor(share * samples.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(10);
console.log('Suggestion latency, in process (one core). Baseline: MiniSearch defaults, title + body, whole articles.');
// Other processes on the machine show up in the tail (p95); the load average says how busy it was.
console.log(
  `Machine: ${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' / ')}\n`,
);
console.log(
  `${'articles'.padEnd(10)}${'queries'.padEnd(8)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'base p50'.padStart(10)}${'base p95'.padStart(10)}${'p95 ratio'.padStart(11)}`,
);
const notes: string[] = [];
for (const size of SIZES) {
  const corpus = generateCorpus(size, 42 + size);
  const sections = corpus.records.reduce((sum, record) => sum + record.sections.length, 0);
  const words = corpus.records.reduce((sum, record) => sum + record.text.split(/\s+/).length, 0);
  const kinds: Array<[string, string[]]> = [
    ['short', shortQueries(corpus, size + 1)],
    ['long', longQueries(corpus, size + 2)],
  ];
  // Each engine is timed with only its own index in memory, so neither pays for the other's garbage collection.
  let before = heapMb();
  let started = performance.now();
  let index: ReturnType<typeof createSuggestionIndex> | undefined = createSuggestionIndex(corpus.records);
  const buildMs = performance.now() - started;
  const indexMb = heapMb() - before;
  const docketTimes = kinds.map(([, queries]) => time(queries, (query) => index?.suggest(query, { locale: 'en', limit: 5 })));
  index = undefined;
  before = heapMb();
  started = performance.now();
  let baseline: ReturnType<typeof createBaselineIndex> | undefined = createBaselineIndex(corpus.records);
  const baselineBuildMs = performance.now() - started;
  const baselineMb = heapMb() - before;
  // The baseline reads every occurrence of every word of a long question (half a second each at 10,000 articles),
  // so it is timed on the first queries only; percentiles of 150 samples are stable enough for a ratio.
  const baselineTimes = kinds.map(([, queries]) =>
    time(queries.slice(0, BASELINE_QUERIES), (query) => baseline?.search(query, { locale: 'en', limit: 5 })),
  );
  baseline = undefined;
  kinds.forEach(([kind], i) => {
    const docket = docketTimes[i] ?? { p50: 0, p95: 0 };
    const base = baselineTimes[i] ?? { p50: 0, p95: 0 };
    const ratio = `${(docket.p95 / base.p95).toFixed(2)}x`.padStart(11);
    console.log(
      `${String(size).padEnd(10)}${kind.padEnd(8)}${ms(docket.p50)}${ms(docket.p95)}${ms(base.p50)}${ms(base.p95)}${ratio}`,
    );
  });
  notes.push(
    `${size} articles (${sections} sections, ${Math.round(words / size)} words each on average): index built in ` +
      `${Math.round(buildMs)} ms, heap +${indexMb.toFixed(0)} MB (baseline: ${Math.round(baselineBuildMs)} ms, +${baselineMb.toFixed(0)} MB)`,
  );
}
console.log(`\n${notes.join('\n')}`);
console.log(
  `\nMachine load at the end: ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' / ')}`,
);
console.log('Target: p95 ≤ 5 ms at 10,000 articles. Ratio = Docket p95 / baseline p95 (same corpus, same queries).');
