/**
 * Measures article suggestions: `npm run eval:deflection -- [--corpus DIR] [--pairs FILE] [--locale en] [--json]`.
 *
 * Indexes a folder of Markdown exactly as the help center's articles are indexed, asks every question of the
 * pairs file through the same `suggest()` that answers `/api/suggest`, and prints recall@1/3/5 and MRR at page
 * and section level next to a plain-BM25 baseline built in the same run. A `pairs_title_only.jsonl` beside the
 * pairs file is scored separately. Defaults: the dev set in `../shared/eval/deflection-dev/` beside the repo.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateDeflection, readPairs, type EvalReport, type LevelMetrics } from '../api/deflection/evaluate';
import { loadMarkdownCorpus } from '../api/deflection/load-corpus';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const devSet = resolve(repoRoot, '..', 'shared', 'eval', 'deflection-dev');

async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', default: join(devSet, 'corpus') },
      pairs: { type: 'string', default: join(devSet, 'pairs.jsonl') },
      locale: { type: 'string', default: 'en' },
      json: { type: 'boolean', default: false },
    },
  });
  const corpus = resolve(values.corpus);
  const pairsFile = resolve(values.pairs);
  for (const [what, path] of [
    ['corpus folder', corpus],
    ['pairs file', pairsFile],
  ] as const) {
    if (!existsSync(path)) {
      console.error(`No ${what} at ${path}. Pass --corpus DIR --pairs FILE (the dev set lives in ../shared/eval/).`);
      process.exitCode = 2;
      return;
    }
  }

  const records = await loadMarkdownCorpus(corpus, { locale: values.locale });
  const report = evaluateDeflection(records, readPairs(readFileSync(pairsFile, 'utf8')), values.locale);
  const titleOnlyFile = join(dirname(pairsFile), 'pairs_title_only.jsonl');
  const titleOnly =
    basename(pairsFile) !== 'pairs_title_only.jsonl' && existsSync(titleOnlyFile)
      ? evaluateDeflection(records, readPairs(readFileSync(titleOnlyFile, 'utf8')), values.locale)
      : undefined;

  if (values.json) {
    const summary = (r: EvalReport) => ({ docket: r.docket, baseline: r.baseline, questions: r.questions });
    console.log(JSON.stringify({ ...summary(report), ...(titleOnly ? { titleOnly: summary(titleOnly) } : {}) }));
    return;
  }
  console.log(`Corpus: ${corpus} (${records.length} pages, ${records.reduce((n, r) => n + r.sections.length, 0)} sections)`);
  printReport(`Questions: ${pairsFile}`, report);
  if (titleOnly) printReport(`Title-only questions: ${titleOnlyFile}`, titleOnly);
}

function printReport(heading: string, report: EvalReport) {
  console.log(`\n${heading} (${report.questions} questions)\n`);
  const rows: Array<[string, LevelMetrics, 'page' | 'section']> = [
    ['docket   page', report.docket, 'page'],
    ['baseline page', report.baseline, 'page'],
    ['docket   section', report.docket, 'section'],
    ['baseline section', report.baseline, 'section'],
  ];
  const cell = (value: number) => value.toFixed(3).padStart(9);
  console.log(
    `${'ranking'.padEnd(18)}${'recall@1'.padStart(9)}${'recall@3'.padStart(9)}${'recall@5'.padStart(9)}${'MRR'.padStart(9)}`,
  );
  for (const [name, levels, level] of rows) {
    const m = levels[level];
    console.log(`${name.padEnd(18)}${cell(m['recall@1'])}${cell(m['recall@3'])}${cell(m['recall@5'])}${cell(m.mrr)}`);
  }
  const gain = report.docket.page['recall@3'] - report.baseline.page['recall@3'];
  console.log(`\npage recall@3: docket ${gain >= 0 ? '+' : ''}${(gain * 100).toFixed(1)} points over the baseline`);
  const rank = (value: number | null) => (value === null ? '-' : String(value)).padStart(9);
  console.log(
    `\n${'question'.padEnd(18)}${'page'.padStart(9)}${'section'.padStart(9)}${'baseline'.padStart(9)}   (rank of the first hit)`,
  );
  for (const r of report.ranks)
    console.log(`${r.id.padEnd(18)}${rank(r.docketPage)}${rank(r.docketSection)}${rank(r.baselinePage)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
