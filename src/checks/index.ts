/** Writer checks: everything `npm run check:content` reports, as functions the build and tests can call. */
export { checkContent, type ContentCheckOptions, type ContentCheckResult, type LoadedArticle } from './content-check';
export type { ArticleHeading } from './markdown';
export { formatProblem, sortProblems, type Problem } from './problem';
