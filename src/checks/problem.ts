/** One mistake a writer has to fix, at the line of the file where they can fix it. */
export interface Problem {
  /** The file as the writer sees it in the repository, e.g. `content/en/billing/refunds.md`. */
  file: string;
  /** 1-based line in that file, frontmatter included. */
  line: number;
  /** A sentence that names what is wrong and, where we can tell, how to fix it. */
  message: string;
}

/** `content/en/billing/refunds.md:3: updated must be a date (YYYY-MM-DD)`: editors and CI annotate this shape. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/**
 * Problems ordered by file, then line. Plain code-point comparison rather than `localeCompare`, so
 * the order is the same on every machine; problems on the same line keep the order they were found in.
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.line - b.line;
  });
}

/** A problem found while reading one file, before we know how the file is named in the report. */
export type LineProblem = Omit<Problem, 'file'>;
