import { defaultErrorMap, type ZodIssue } from 'zod';
import { closestMatch } from './suggest';
import type { DataPath } from './yaml-source';

/** How to talk about one field of a YAML object to a writer. */
export interface FieldWording {
  /** What the value must be, said when it has the wrong type: `must be a list of words`. */
  expected?: string;
  /** What one entry of a list field is called: `tag` gives `tag "Billing" must be ...`. */
  entry?: string;
}

export interface IssueWording {
  /** The fields the object accepts, to suggest one when a writer mistypes a name. */
  knownFields: readonly string[];
  fields?: Readonly<Record<string, FieldWording>>;
}

/** One readable sentence about one field, with the path of the value it is about (to find its line). */
export interface FieldProblem {
  path: DataPath;
  message: string;
}

/**
 * Turns one zod issue about a flat YAML object (frontmatter, one category) into sentences a writer
 * understands, each naming the field: `tittle is not a known field (did you mean title?)`.
 * The schema's own wording (`must be a whole number`) is kept; zod's generic English is replaced.
 *
 * @param issue a zod issue whose path starts at the object's fields
 * @param data the object that was validated, to quote the offending entry of a list
 */
export function describeIssue(issue: ZodIssue, data: unknown, wording: IssueWording): FieldProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const known = wording.knownFields.filter((field) => !isPresent(data, field));
      const suggestion = closestMatch(key, known);
      const hint = suggestion ? `did you mean ${suggestion}?` : `known fields: ${wording.knownFields.join(', ')}`;
      return { path: [...issue.path, key], message: `${key} is not a known field (${hint})` };
    });
  }

  const [field, index] = issue.path;
  if (typeof field !== 'string') {
    return [{ path: issue.path, message: lowerFirst(ownMessage(issue) ?? issue.message) }];
  }
  const fieldWording = wording.fields?.[field] ?? {};
  const value = valueAt(data, issue.path);
  const subject = typeof index === 'number' ? entrySubject(field, index, value, fieldWording) : field;
  const own = ownMessage(issue);

  switch (issue.code) {
    case 'invalid_type': {
      if (issue.received === 'undefined' && issue.path.length === 1) {
        return [{ path: issue.path, message: `${field} ${own ?? 'is required'}` }];
      }
      if (issue.received === 'null' && issue.expected === 'string') {
        return [{ path: issue.path, message: `${subject} must not be empty` }];
      }
      if (own) return [{ path: issue.path, message: `${field} ${own}` }];
      // A wrong type inside a list (`tags: [billing, 2024]`) reads best as what the whole list must be.
      const expected = fieldWording.expected ?? expectedType(issue.expected);
      const quoteHint =
        issue.expected === 'string' && ['number', 'boolean', 'date'].includes(issue.received) ? ' (put it in quotes)' : '';
      return [{ path: issue.path, message: `${field} ${expected}${quoteHint}` }];
    }
    case 'invalid_date':
      return [{ path: issue.path, message: `${subject} ${own ?? 'must be a date (YYYY-MM-DD)'}` }];
    case 'too_small':
      return [{ path: issue.path, message: `${subject} ${own ?? sizeLimit('at least', issue.type, issue.minimum)}` }];
    case 'too_big':
      return [{ path: issue.path, message: `${subject} ${own ?? sizeLimit('at most', issue.type, issue.maximum)}` }];
    default:
      return [{ path: issue.path, message: `${subject} ${own ?? `is not valid (${lowerFirst(issue.message)})`}` }];
  }
}

/** The schema's own message for this issue, or undefined when zod filled in its generic English. */
function ownMessage(issue: ZodIssue): string | undefined {
  const generic = defaultErrorMap(issue, { data: undefined, defaultError: issue.message }).message;
  return issue.message === generic ? undefined : issue.message;
}

function entrySubject(field: string, index: number, value: unknown, wording: FieldWording): string {
  const noun = wording.entry ?? `${field} entry`;
  // Quote the entry when that helps find it; an empty or non-text entry is found by its position.
  return typeof value === 'string' && value.trim() !== '' ? `${noun} ${JSON.stringify(value)}` : `${noun} ${index + 1}`;
}

function expectedType(type: string): string {
  switch (type) {
    case 'string':
      return 'must be text';
    case 'number':
    case 'integer':
    case 'float':
      return 'must be a number';
    case 'boolean':
      return 'must be true or false';
    case 'array':
      return 'must be a list';
    case 'object':
      return 'must be a set of fields (name: value)';
    case 'date':
      return 'must be a date (YYYY-MM-DD)';
    default:
      return `must be ${type}`;
  }
}

function sizeLimit(bound: 'at least' | 'at most', type: string, limit: number | bigint): string {
  if (type === 'string')
    return bound === 'at least' && limit === 1 ? 'must not be empty' : `must be ${bound} ${limit} characters`;
  if (type === 'array') return `must have ${bound} ${limit} entries`;
  return `must be ${bound} ${limit}`;
}

function isPresent(data: unknown, field: string): boolean {
  return typeof data === 'object' && data !== null && field in data;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
