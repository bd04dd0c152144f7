/**
 * `npm run check:content`: checks the help articles before they are built, so a writer gets
 * `file:line: message` for every mistake instead of a failed build.
 *
 *   tsx scripts/check-content.ts [--content DIR] [--public DIR]
 *
 * Exit code 0: no problems; 1: problems (listed on stderr); 2: the checker itself failed.
 */
import { LOCALES } from '../src/i18n/locales';
import { checkContent, formatProblem, type ContentCheckResult } from '../src/checks/index';

interface CliOptions {
  contentDir: string;
  publicDir: string;
}

function parseArgs(args: readonly string[]): CliOptions {
  const options: CliOptions = { contentDir: 'content', publicDir: 'public' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [name, inlineValue] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (name !== '--content' && name !== '--public')
      throw new Error(`unknown argument ${arg} (use --content DIR and --public DIR)`);
    const value = inlineValue ?? args[++i];
    if (!value) throw new Error(`${name} needs a folder`);
    if (name === '--content') options.contentDir = value;
    else options.publicDir = value;
  }
  return options;
}

function summary({ problems, articles }: ContentCheckResult): string {
  if (problems.length > 0) {
    const files = new Set(problems.map((problem) => problem.file)).size;
    return `${plural(problems.length, 'problem')} in ${plural(files, 'file')}`;
  }
  // Translations share an id, so the total counts each article once however many languages it is in.
  const ids = new Set(articles.map((article) => article.id));
  const perLocale = LOCALES.map((locale) => `${locale} ${articles.filter((article) => article.locale === locale).length}`);
  const drafts = articles.filter((article) => article.frontmatter?.draft).length;
  return `content OK: ${plural(ids.size, 'article')} (${perLocale.join(', ')}${drafts > 0 ? `; ${plural(drafts, 'draft')}` : ''})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const result = await checkContent(options);
  for (const problem of result.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  process.stdout.write(`${summary(result)}\n`);
  return result.problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Our own failure, not the writer's: one line, and the stack only when someone is debugging.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`check:content failed: ${message}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
