/**
 * The build benchmark:
 * `npm run bench:build -- --articles N [--seed S] [--query "reset password"] [--config file] [--starlight] [--keep] [--json]`.
 *
 * Generates a synthetic help center of N articles outside `content/`, builds it cold with the project's own
 * `astro build` (Pagefind and precompression included), and prints build time, peak memory, page weight and
 * what a first search costs in Chromium, each next to its target. A 10-article build in the same run is the
 * baseline that separates Astro's fixed start-up cost from the cost of each article. The N-article corpus is
 * then built a second time over its own output, as a writer's next `npm run build` is. With `--starlight`, the
 * corpus's English articles are also built by a plain Starlight 0.37 site (installed from npm into
 * `bench/.work/starlight/` once), the product the issue sets its targets against. Targets are reported, never
 * enforced: the exit code is non-zero only when a build fails.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAstroBuild, type AstroBuildResult, type MeasuredRun } from './lib/astro-build';
import { measureInBrowser, type BrowserMeasurement } from './lib/browser';
import { measureBuildOutput, type BuildOutput } from './lib/build-output';
import { generateCorpus, type CorpusStats } from './lib/corpus';
import { formatBytes, formatCount, formatMs, formatPercent, formatTable } from './lib/format';
import { buildStarlight, installStarlight, STARLIGHT_PACKAGES, writeStarlightSite, type StarlightBuild } from './lib/starlight';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASELINE_ARTICLES = 10;

/** The issue's targets, and the corpus size each one is set for. */
const TARGETS = {
  buildMs: { value: 13_000, articles: 1000 },
  peakRssBytes: { value: 400_000_000, articles: 1000 },
  htmlCssGzipBytes: 8_000,
  jsBytes: 0,
  firstSearchBytes: { value: 300_000, articles: 10_000 },
  buildsWithoutOom: 10_000,
};
/** Quoted in the issue for a corpus of the same shape; measured on this corpus with `--starlight`. */
const STARLIGHT = { version: 'Starlight 0.37 on Astro 5', articles: 1000, ms: 26_000, rssBytes: 750_000_000 };

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    query: { type: 'string', default: 'reset password' },
    /** Another Astro config (path from the repo root) for both builds: measures a change before it is made. */
    config: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Skip the second build of the corpus over its own output. */
    'no-rebuild': { type: 'boolean', default: false },
    /** Also build the corpus's English articles with Starlight 0.37, the issue's point of comparison. */
    starlight: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const articles = Number(args.articles);
const seed = Number(args.seed);
if (!Number.isInteger(articles) || articles < 1)
  throw new Error(`--articles must be a whole number ≥ 1, not "${args.articles}".`);
if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not "${args.seed}".`);

const progress = (message: string) => process.stderr.write(`[bench:build] ${message}\n`);
const versionOf = (pkg: string) =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

interface CorpusBuild {
  articles: number;
  corpus: CorpusStats;
  generateMs: number;
  build: AstroBuildResult;
  clientDir: string;
  /** Where `astro build` read the corpus and wrote the site, for building it again. */
  dirs: { contentDir: string; outDir: string; workDir: string };
}

/** Runs `astro build` (with `--config` when given); if it fails, prints the end of its log and exits. */
async function buildOrExit(
  what: string,
  workDir: string,
  dirs: { contentDir: string; cacheDir: string; outDir: string },
): Promise<AstroBuildResult> {
  const configFile = args.config && resolve(REPO_ROOT, args.config);
  const build = await runAstroBuild({ repoRoot: REPO_ROOT, ...dirs, configFile });
  if (build.ok) return build;
  return exitWithLog(what, build, workDir);
}

/** Prints the end of a failed build's log (its errors, when it wrote any) and exits, leaving `kept` to look into. */
function exitWithLog(what: string, run: Pick<MeasuredRun, 'exitCode' | 'wallMs' | 'log'>, kept: string): never {
  const stderr = run.log.filter((entry) => entry.stream === 'stderr');
  const tail = (stderr.length ? stderr : run.log).slice(-40).map((entry) => entry.line);
  console.error(`${what} failed (exit code ${run.exitCode}) after ${formatMs(run.wallMs)}:`);
  console.error(tail.join('\n'));
  console.error(`(kept: ${relative(REPO_ROOT, kept)})`);
  process.exit(1);
}

/** Generates a corpus of `count` articles under `dir` and builds it from a cold cache; exits if the build fails. */
async function generateAndBuild(dir: string, count: number): Promise<CorpusBuild> {
  const contentDir = join(dir, 'content');
  const cacheDir = join(dir, 'cache');
  const outDir = join(dir, 'out');
  await mkdir(cacheDir, { recursive: true });
  progress(`generating ${formatCount(count)} articles in ${relative(REPO_ROOT, contentDir)}`);
  const generateStarted = performance.now();
  const corpus = await generateCorpus({ dir: contentDir, articles: count, seed, trackWords: args.query.split(/\s+/) });
  const generateMs = performance.now() - generateStarted;
  progress(`building ${formatCount(corpus.enArticles + corpus.ruArticles)} article files with astro build`);
  const build = await buildOrExit(`astro build of ${formatCount(count)} articles`, dir, { contentDir, cacheDir, outDir });
  progress(`built in ${formatMs(build.wallMs)}, peak RSS ${formatBytes(build.peakRssBytes)}`);
  return {
    articles: count,
    corpus,
    generateMs,
    build,
    clientDir: join(outDir, 'client'),
    dirs: { contentDir, outDir, workDir: dir },
  };
}

/**
 * Builds the same corpus again over the output of `first`, from a cold cache, as `npm run build` does after
 * a writer's edit: every page rendered and indexed again, written over the last build's files rather than
 * into an empty directory (src/integrations/stale-output.ts). Nothing changed, so every page's `.br`/`.gz`
 * is kept (precompress.ts) and Pagefind rewrites none of its index files: the best case of a rebuild.
 */
async function rebuild(first: CorpusBuild): Promise<AstroBuildResult> {
  const cacheDir = join(first.dirs.workDir, 'cache-rebuild');
  await mkdir(cacheDir, { recursive: true });
  progress(`building the ${formatCount(first.articles)} articles again over their own output`);
  const build = await buildOrExit(`The rebuild of ${formatCount(first.articles)} articles`, first.dirs.workDir, {
    contentDir: first.dirs.contentDir,
    cacheDir,
    outDir: first.dirs.outDir,
  });
  progress(`rebuilt in ${formatMs(build.wallMs)}, peak RSS ${formatBytes(build.peakRssBytes)}`);
  return build;
}

/** figure / target and whether the figure meets it; a target set for another corpus size gets no verdict. */
function targetRow(
  metric: string,
  figure: number,
  target: number,
  shown: (value: number) => string,
  forArticles?: number,
): string[] {
  const ratio = target > 0 ? (figure / target).toFixed(2) : '—';
  const verdict =
    forArticles !== undefined && forArticles !== articles
      ? `n/a: target is for ${formatCount(forArticles)} articles`
      : figure <= target
        ? 'PASS'
        : 'MISS';
  return [metric, shown(figure), `≤ ${shown(target)}`, ratio, verdict];
}

const startLoad = loadavg();
const workDir = join(REPO_ROOT, 'bench', '.work', `build-${Date.now()}-${process.pid}`);
try {
  const baseline =
    articles > BASELINE_ARTICLES ? await generateAndBuild(join(workDir, `n${BASELINE_ARTICLES}`), BASELINE_ARTICLES) : undefined;
  const main = await generateAndBuild(join(workDir, `n${articles}`), articles);
  const again = args['no-rebuild'] ? undefined : await rebuild(main);
  progress('measuring the output');
  const output = await measureBuildOutput(main.clientDir);
  const articlePath = `/${output.enArticles.medianPath.replace(/index\.html$/, '')}`;
  progress(`opening ${articlePath} in Chromium and searching "${args.query}"`);
  const browser = await measureInBrowser({ clientDir: main.clientDir, articlePath, query: args.query });
  const starlight = args.starlight ? await buildWithStarlight(main) : undefined;

  console.log(report(main, baseline, again, output, browser, starlight));
  if (args.json) {
    console.log(
      JSON.stringify({
        articles,
        seed,
        machine: {
          cpus: cpus().length,
          loadAverageAtStart: startLoad,
          loadAverageAtEnd: loadavg(),
          node: process.version,
          astro: versionOf('astro'),
          pagefind: versionOf('pagefind'),
        },
        corpus: main.corpus,
        build: summarizeBuild(main),
        rebuild: again && {
          wallMs: Math.round(again.wallMs),
          cpuMs: Math.round(again.cpuMs),
          systemCpuMs: Math.round(again.systemCpuMs),
          peakRssBytes: again.peakRssBytes,
        },
        baseline: baseline && summarizeBuild(baseline),
        marginalPerArticle: baseline && marginal(main, baseline),
        output,
        browser,
        starlight: starlight && {
          packages: STARLIGHT_PACKAGES,
          articles: starlight.articles,
          pages: starlight.pages,
          wallMs: Math.round(starlight.wallMs),
          cpuMs: Math.round(starlight.usage.cpuMs),
          peakRssBytes: starlight.usage.peakRssBytes,
          peakRssByProgram: starlight.usage.peakRssByProgram,
        },
      }),
    );
  }
} finally {
  if (args.keep) progress(`work directory kept: ${relative(REPO_ROOT, workDir)}`);
  else await rm(workDir, { recursive: true, force: true });
}

/**
 * Builds the English articles of `main`'s corpus with Starlight (bench/lib/starlight.ts), cold, after every
 * Docket build of the run; exits if it fails. The site is written inside the kit, where its packages are.
 */
async function buildWithStarlight(main: CorpusBuild): Promise<StarlightBuild> {
  const kitDir = join(REPO_ROOT, 'bench', '.work', 'starlight');
  await installStarlight(kitDir, progress);
  const siteDir = join(kitDir, `site-${Date.now()}-${process.pid}`);
  try {
    const count = await writeStarlightSite(siteDir, main.dirs.contentDir);
    progress(`building ${formatCount(count)} English articles with Starlight ${STARLIGHT_PACKAGES['@astrojs/starlight']}`);
    const built = await buildStarlight(kitDir, siteDir, join(siteDir, 'dist'), count);
    if (built.exitCode !== 0) exitWithLog('The Starlight build', built, siteDir);
    progress(`Starlight built in ${formatMs(built.wallMs)}, peak RSS ${formatBytes(built.usage.peakRssBytes)}`);
    return built;
  } finally {
    if (args.keep) progress(`Starlight site kept: ${relative(REPO_ROOT, siteDir)}`);
    else await rm(siteDir, { recursive: true, force: true });
  }
}

function summarizeBuild(run: CorpusBuild) {
  return {
    articles: run.articles,
    articleFiles: run.corpus.enArticles + run.corpus.ruArticles,
    generateMs: Math.round(run.generateMs),
    wallMs: Math.round(run.build.wallMs),
    cpuMs: Math.round(run.build.cpuMs),
    systemCpuMs: Math.round(run.build.systemCpuMs),
    peakRssBytes: run.build.peakRssBytes,
    peakRssByProgram: run.build.peakRssByProgram,
    phases: run.build.phases.map((phase) => ({ ...phase, ms: Math.round(phase.ms) })),
  };
}

/** (figure_N − figure_baseline) / (N − baseline articles): what one more article costs. */
function marginal(main: CorpusBuild, baseline: CorpusBuild) {
  const extra = main.articles - baseline.articles;
  return {
    wallMs: (main.build.wallMs - baseline.build.wallMs) / extra,
    cpuMs: (main.build.cpuMs - baseline.build.cpuMs) / extra,
    peakRssBytes: (main.build.peakRssBytes - baseline.build.peakRssBytes) / extra,
  };
}

function report(
  main: CorpusBuild,
  baseline: CorpusBuild | undefined,
  again: AstroBuildResult | undefined,
  output: BuildOutput,
  browser: BrowserMeasurement,
  starlight: StarlightBuild | undefined,
): string {
  const n = formatCount(main.articles);
  const { corpus, build } = main;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title);

  lines.push(`Docket build benchmark: ${n} articles, seed ${seed}${args.config ? `, Astro config ${args.config}` : ''}`);
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  lines.push(
    `Machine: ${cpus().length} CPUs, load average (1/5/15 min) ${load(startLoad)} at the start and ${load(loadavg())} at the end` +
      ' (above 2, other work shared the CPUs and wall times are inflated; CPU time is steadier);' +
      ` Node ${process.version}, Astro ${versionOf('astro')}, Pagefind ${versionOf('pagefind')}.`,
  );
  lines.push('Units: KB = 1,000 bytes, MB = 1,000,000 bytes. Targets are reported here, never asserted.');

  section('Corpus (generated outside content/, not part of any build time)');
  lines.push(
    `  ${n} English articles + ${formatCount(corpus.ruArticles)} Russian translations (same ids, their own text)` +
      ` = ${formatCount(corpus.enArticles + corpus.ruArticles)} article files in ${corpus.categories} categories`,
    `  words per article body: mean ${formatCount(corpus.words.mean)}, min ${formatCount(corpus.words.min)}, max ${formatCount(corpus.words.max)};` +
      ` ${formatCount(corpus.distinctWords.en)} distinct English and ${formatCount(corpus.distinctWords.ru)} Russian words` +
      ` (${formatPercent(corpus.tailShare)} of words from the rare-word tail)`,
    `  ${formatCount(corpus.faqArticles)} tagged faq, ${formatCount(corpus.withTable)} with a table, ${formatCount(corpus.withCode)} with a code block;` +
      ` ${formatBytes(corpus.sourceBytes)} of Markdown, generated in ${formatMs(main.generateMs)}`,
  );

  section('Builds: wall clock of a cold `astro build` (pages, Pagefind and precompression included)');
  const columns = baseline ? [baseline, main] : [main];
  const rebuilt = again ? [again] : [];
  const files = formatCount(corpus.enArticles + corpus.ruArticles);
  lines.push(
    formatTable([
      [
        '',
        ...columns.map((run) => `${formatCount(run.articles)} articles${run === baseline ? ' (baseline)' : ''}`),
        ...rebuilt.map(() => `${n} again, unchanged, over that output`),
      ],
      ['wall time', ...columns.map((run) => formatMs(run.build.wallMs)), ...rebuilt.map((run) => formatMs(run.wallMs))],
      [
        'CPU time, user + system (whole process tree)',
        ...columns.map((run) => formatMs(run.build.cpuMs)),
        ...rebuilt.map((run) => formatMs(run.cpuMs)),
      ],
      [
        '  of which system (kernel) time',
        ...columns.map((run) => formatMs(run.build.systemCpuMs)),
        ...rebuilt.map((run) => formatMs(run.systemCpuMs)),
      ],
      [
        'peak RSS (sum over the process tree, sampled every 50 ms)',
        ...columns.map((run) => formatBytes(run.build.peakRssBytes)),
        ...rebuilt.map((run) => formatBytes(run.peakRssBytes)),
      ],
      [
        'article files built',
        ...columns.map((run) => formatCount(run.corpus.enArticles + run.corpus.ruArticles)),
        ...rebuilt.map(() => files),
      ],
    ]),
  );
  for (const run of columns) {
    const programs = Object.entries(run.build.peakRssByProgram)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([program, bytes]) => `${program} ${formatBytes(bytes)}`);
    lines.push(
      `  Peak RSS of the largest processes on their own, ${formatCount(run.articles)} articles: ${programs.join(', ')}.`,
    );
  }
  if (baseline) {
    const cost = marginal(main, baseline);
    lines.push(
      `  Per-article marginal cost, (${n} build − ${BASELINE_ARTICLES} build) / ${formatCount(main.articles - baseline.articles)} articles:` +
        ` ${cost.wallMs.toFixed(2)} ms wall, ${cost.cpuMs.toFixed(2)} ms CPU, ${formatBytes(cost.peakRssBytes)} peak RSS.`,
      `  Fixed cost: the ${BASELINE_ARTICLES}-article build takes ${formatMs(baseline.build.wallMs)}, ` +
        `${formatPercent(baseline.build.wallMs / build.wallMs)} of the ${n}-article build's wall time; ` +
        `the ${n}-article build takes ${(build.wallMs / baseline.build.wallMs).toFixed(2)}× the baseline's time ` +
        `and ${(build.peakRssBytes / baseline.build.peakRssBytes).toFixed(2)}× its memory.`,
    );
  }

  section(`Phases of the ${n}-article build (cut at Astro's log lines, timed as the lines arrived)`);
  lines.push(
    formatTable([
      ['phase', 'time', 'share', 'peak RSS', 'reported by Astro / the integration'],
      ...build.phases.map((phase) => [
        phase.name,
        formatMs(phase.ms),
        formatPercent(phase.ms / build.wallMs),
        phase.peakRssBytes === undefined ? '—' : formatBytes(phase.peakRssBytes),
        phase.note ?? '',
      ]),
    ]),
  );

  section(`Output of the ${n}-article build`);
  const pagefindKinds = Object.entries(output.pagefind.byKind).sort((a, b) => b[1].bytes - a[1].bytes);
  lines.push(
    formatTable([
      ['HTML pages', formatCount(output.htmlPages), ''],
      [
        `English article pages (articles/**/index.html), mean raw`,
        formatBytes(output.enArticles.meanRawBytes),
        `${formatCount(output.enArticles.count)} pages`,
      ],
      ['English article pages, mean gzip (the build’s own .gz files)', formatBytes(output.enArticles.meanGzipBytes), ''],
      [
        'Russian article pages (ru/articles/**/index.html), mean raw',
        formatBytes(output.ruArticles.meanRawBytes),
        `${formatCount(output.ruArticles.count)} pages`,
      ],
      ['Russian article pages, mean gzip', formatBytes(output.ruArticles.meanGzipBytes), ''],
      ['largest HTML page, raw', formatBytes(output.largestPage.rawBytes), output.largestPage.path],
      ['largest HTML page, gzip', formatBytes(output.largestPage.gzipBytes), ''],
      [
        'Pagefind output (client/pagefind/)',
        formatBytes(output.pagefind.bytes),
        `${formatCount(output.pagefind.files)} files, languages ${output.pagefind.languages.join(', ')}`,
      ],
      ...pagefindKinds.map(([kind, entry]) => [`  ${kind}`, formatBytes(entry.bytes), `${formatCount(entry.files)} files`]),
      ['whole client build, .br and .gz copies included', formatBytes(output.clientBytes), ''],
    ]),
  );

  const { load: page, search } = browser;
  section(`In Chromium: Docket's server (createServer) on 127.0.0.1, fresh profile, Accept-Encoding: ${page.acceptEncoding}`);
  lines.push(
    `  Article page ${browser.url} (the English article of median HTML size), loaded to network idle, before any interaction:`,
    formatTable(
      [
        ['requests', formatCount(page.requests.length), ''],
        ...page.requests.map((request) => [
          `  ${request.type} ${request.path}`,
          formatBytes(request.bodyBytes),
          `${request.encoding || 'not compressed'}${request.countedBy === 'server' ? ', counted by the server' : ''}`,
        ]),
        ['transferred, all responses (bodies + headers)', formatBytes(page.transferredBytes), ''],
        [
          'HTML on the wire',
          formatBytes(page.html.bodyBytes),
          `${formatBytes(page.html.rawBytes)} raw, ${formatBytes(page.html.gzipBytes)} gzip`,
        ],
        [
          'CSS on the wire',
          formatBytes(page.css.bodyBytes),
          `${page.css.files} file(s), ${formatBytes(page.css.gzipBytes)} gzip`,
        ],
        [
          'HTML + CSS, gzip (what a gzip-only client gets from this server)',
          formatBytes(page.html.gzipBytes + page.css.gzipBytes),
          '',
        ],
        ['JavaScript files fetched before interaction', formatBytes(page.js.bodyBytes), `${page.js.files} file(s)`],
        [
          'inline script in the HTML (runs on load; counted in the HTML bytes)',
          formatBytes(page.inlineJs.rawBytes),
          `${page.inlineJs.scripts} script(s), ${formatBytes(page.inlineJs.gzipBytes)} gzip on its own`,
        ],
        [
          'JSON-LD in the HTML (data, never run; counted in the HTML bytes)',
          formatBytes(page.jsonLd.rawBytes),
          `${page.jsonLd.blocks} block(s)`,
        ],
        [
          'event-handler attributes (run only when the reader acts; in the HTML bytes)',
          formatBytes(page.handlers.rawBytes),
          `${page.handlers.attributes} attribute(s)`,
        ],
      ],
      '    ',
    ),
    `  First search: click into #site-search, "${search.query}" entered in one input event, until the dropdown shows results and the network is idle:`,
    formatTable(
      [
        ['requests after the click', formatCount(search.requests.length), ''],
        ['transferred (bodies + headers)', formatBytes(search.transferredBytes), `${formatBytes(search.bodyBytes)} of bodies`],
        ...Object.entries(search.byKind)
          .sort((a, b) => b[1].bytes - a[1].bytes)
          .map(([kind, entry]) => [`  ${kind}`, formatBytes(entry.bytes), `${entry.requests} request(s)`]),
        ['results shown', formatCount(search.results), ''],
        ['click to first result visible (local server; mostly CPU)', formatMs(search.msToResults), ''],
      ],
      '    ',
    ),
    `  Responses Chromium reported without their bytes (worker scripts, worker fetches), counted by the server instead: ${
      search.requests
        .filter((request) => request.countedBy === 'server')
        .map((request) => request.path)
        .join(', ') || 'none'
    }.`,
    `  Sent without compression during the search: ${
      search.requests
        .filter((request) => !request.encoding && request.bodyBytes > 0 && !/\.pf_\w+$|\/wasm\./.test(request.path))
        .map((request) => `${request.path} (${formatBytes(request.bodyBytes)})`)
        .join(', ') || 'nothing'
    }; Pagefind's own .pf_* files and wasm are gzip inside.`,
    `  Query words in English articles: ${Object.entries(main.corpus.documentFrequency)
      .map(([word, share]) => `"${word}" in ${formatPercent(share)}`)
      .join(', ')}.`,
  );

  section('Targets (ratio = figure / target; ≤ 1.00 meets it)');
  lines.push(
    formatTable([
      ['metric', 'figure', 'target', 'ratio', 'verdict'],
      targetRow(
        `full build, ${formatCount(TARGETS.buildMs.articles)} articles, into an empty directory`,
        build.wallMs,
        TARGETS.buildMs.value,
        formatMs,
        TARGETS.buildMs.articles,
      ),
      ...(again
        ? [
            targetRow(
              `full build, ${formatCount(TARGETS.buildMs.articles)} articles, unchanged, over the previous build`,
              again.wallMs,
              TARGETS.buildMs.value,
              formatMs,
              TARGETS.buildMs.articles,
            ),
          ]
        : []),
      targetRow(
        `peak RSS, ${formatCount(TARGETS.peakRssBytes.articles)} articles (sum over the process tree)`,
        build.peakRssBytes,
        TARGETS.peakRssBytes.value,
        formatBytes,
        TARGETS.peakRssBytes.articles,
      ),
      // What `/usr/bin/time -v` calls "Maximum resident set size": the largest single process. The issue
      // doesn't say which of the two its Starlight figure is, so both are judged.
      targetRow(
        `peak RSS, ${formatCount(TARGETS.peakRssBytes.articles)} articles (largest single process)`,
        Math.max(...Object.values(build.peakRssByProgram)),
        TARGETS.peakRssBytes.value,
        formatBytes,
        TARGETS.peakRssBytes.articles,
      ),
      targetRow('article page HTML + CSS, gzip', page.html.gzipBytes + page.css.gzipBytes, TARGETS.htmlCssGzipBytes, formatBytes),
      targetRow(
        'JavaScript before interaction (files fetched + inline scripts run on load)',
        page.js.bodyBytes + page.inlineJs.rawBytes,
        TARGETS.jsBytes,
        formatBytes,
      ),
      targetRow(
        `first search transferred, ${formatCount(TARGETS.firstSearchBytes.articles)} articles`,
        search.transferredBytes,
        TARGETS.firstSearchBytes.value,
        formatBytes,
        TARGETS.firstSearchBytes.articles,
      ),
      [
        `${formatCount(TARGETS.buildsWithoutOom)} articles build without running out of memory`,
        main.articles >= TARGETS.buildsWithoutOom ? 'built' : '—',
        'builds',
        '—',
        main.articles >= TARGETS.buildsWithoutOom ? 'PASS' : `(not run: needs --articles ${TARGETS.buildsWithoutOom})`,
      ],
    ]),
  );
  if (page.handlers.rawBytes > 0) {
    lines.push(
      `  Note: no script runs as the page loads, but its HTML carries ${formatBytes(page.handlers.rawBytes)} of event-handler` +
        ' attributes (search, feedback, the "/" key), compiled only when the reader acts.',
    );
  }
  if (main.articles === STARLIGHT.articles && !starlight) {
    lines.push(
      `  For reference, quoted in the issue and not measured here (--starlight measures it): ${STARLIGHT.version} took` +
        ` ${formatMs(STARLIGHT.ms)} and ${formatBytes(STARLIGHT.rssBytes)} on a corpus of this shape; this build took` +
        ` ${(build.wallMs / STARLIGHT.ms).toFixed(2)}× the time and ${(build.peakRssBytes / STARLIGHT.rssBytes).toFixed(2)}× the memory.`,
    );
  }
  if (starlight) lines.push(...starlightReport(main, starlight));
  return lines.join('\n');
}

/** Starlight's build of the same corpus beside Docket's, as ratios; the issue's targets, read as ratios, beside them. */
function starlightReport(main: CorpusBuild, starlight: StarlightBuild): string[] {
  const { build } = main;
  const largest = (byProgram: Record<string, number>) => Math.max(...Object.values(byProgram));
  const programs = (byProgram: Record<string, number>) =>
    Object.entries(byProgram)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([program, bytes]) => `${program} ${formatBytes(bytes)}`)
      .join(', ');
  const ratio = (docket: number, theirs: number) => (docket / theirs).toFixed(2);
  const asked = (target: number, quoted: number) => `≤ ${(target / quoted).toFixed(2)}`;
  const files = formatCount(main.corpus.enArticles + main.corpus.ruArticles);
  return [
    '',
    `Starlight ${STARLIGHT_PACKAGES['@astrojs/starlight']} (Astro ${STARLIGHT_PACKAGES.astro}) on the same corpus, cold, in this run` +
      ` (English articles only: for a second locale it would add a fallback page per untranslated article)`,
    formatTable([
      [
        '',
        `Docket, ${files} article files`,
        `Starlight, ${formatCount(starlight.articles)} articles`,
        'Docket ÷ Starlight',
        'the issue asks',
      ],
      [
        'wall time',
        formatMs(build.wallMs),
        formatMs(starlight.wallMs),
        ratio(build.wallMs, starlight.wallMs),
        asked(TARGETS.buildMs.value, STARLIGHT.ms),
      ],
      [
        'CPU time, user + system',
        formatMs(build.cpuMs),
        formatMs(starlight.usage.cpuMs),
        ratio(build.cpuMs, starlight.usage.cpuMs),
        '',
      ],
      [
        'peak RSS, sum over the process tree',
        formatBytes(build.peakRssBytes),
        formatBytes(starlight.usage.peakRssBytes),
        ratio(build.peakRssBytes, starlight.usage.peakRssBytes),
        asked(TARGETS.peakRssBytes.value, STARLIGHT.rssBytes),
      ],
      [
        'peak RSS, largest single process',
        formatBytes(largest(build.peakRssByProgram)),
        formatBytes(largest(starlight.usage.peakRssByProgram)),
        ratio(largest(build.peakRssByProgram), largest(starlight.usage.peakRssByProgram)),
        asked(TARGETS.peakRssBytes.value, STARLIGHT.rssBytes),
      ],
    ]),
    `  Largest processes: Docket ${programs(build.peakRssByProgram)}; Starlight ${programs(starlight.usage.peakRssByProgram)}.`,
    `  Starlight built ${starlight.pages === undefined ? 'an unreported number of' : formatCount(starlight.pages)} pages.` +
      ` "The issue asks" is its targets over its quoted Starlight figures (${formatMs(STARLIGHT.ms)}, ${formatBytes(STARLIGHT.rssBytes)}).`,
  ];
}
