import { CategoriesFileSchema, CategorySchema } from '../schemas/category';
import type { LineProblem } from './problem';
import { describeIssue, type IssueWording } from './zod-issues';
import { parseYaml } from './yaml-source';

/** What a locale's `categories.yml` says, and what is wrong with it. */
export interface CategoriesResult {
  /**
   * The category slugs the file lists, or undefined when the file can't be read as a list of
   * categories. Taken from the file even when an entry is invalid, so a mistake in one entry is
   * reported once, not again on every article of that category.
   */
  slugs: Set<string> | undefined;
  problems: LineProblem[];
}

const CATEGORY_WORDING: IssueWording = {
  knownFields: Object.keys(CategorySchema.shape),
  fields: { order: { expected: 'must be a whole number' } },
};

/** Parses and validates `content/<locale>/categories.yml`, each problem on its line. */
export function readCategories(source: string): CategoriesResult {
  const parsed = parseYaml(source);
  if (!parsed.ok) return { slugs: undefined, problems: [{ line: parsed.line, message: parsed.message }] };
  const data = parsed.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    return {
      slugs: undefined,
      problems: [{ line: 1, message: 'categories.yml must list categories as "slug:" followed by its title and description' }],
    };
  }
  const entries = data as Record<string, unknown>;
  const slugs = new Set(Object.keys(entries));
  const result = CategoriesFileSchema.safeParse(entries);
  if (result.success) return { slugs, problems: [] };

  const problems: LineProblem[] = [];
  for (const issue of result.error.issues) {
    const [slug, ...rest] = issue.path;
    const slugText = String(slug);
    const line = parsed.lineOf(issue.path) ?? parsed.lineOf([slugText]) ?? 1;
    if (rest.length === 0 && issue.code === 'invalid_string') {
      // zod checks a record's keys at the key's own path: this is about the slug, not its entry.
      problems.push({ line, message: `category slug "${slugText}" ${issue.message}` });
    } else if (rest.length === 0 && issue.code === 'invalid_type') {
      problems.push({ line, message: `${slugText} must have a title and a description` });
    } else {
      for (const described of describeIssue({ ...issue, path: rest }, entries[slugText], CATEGORY_WORDING)) {
        const describedLine = parsed.lineOf([slugText, ...described.path]) ?? line;
        problems.push({ line: describedLine, message: `${slugText}: ${described.message}` });
      }
    }
  }
  return { slugs, problems };
}
