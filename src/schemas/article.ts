import { z } from 'zod';

/** An ISO calendar date as writers type it in YAML (`2026-03-14`), or a Date YAML already parsed. */
const IsoDateSchema = z.preprocess(
  (value) => {
    if (value instanceof Date) return value;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const date = new Date(`${value}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? value : date;
    }
    return value;
  },
  z.date({ invalid_type_error: 'must be a date (YYYY-MM-DD)', required_error: 'is required' }),
);

/** A lowercase, hyphenated identifier: article ids, tags and category slugs. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens (like "reset-password")');

/**
 * The frontmatter of one help article (`content/<locale>/<category>/<id>.md`).
 * Unknown fields are rejected so that a typo (`tittle:`) never silently drops data.
 */
export const ArticleFrontmatterSchema = z
  .object({
    /** The article's title: the page heading, the search result title and the `<title>`. */
    title: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(120),
    /** One-sentence summary used in search results, suggestions and meta description. */
    description: z
      .string({ required_error: 'is required' })
      .trim()
      .min(1, 'must not be empty')
      .max(300, 'must be at most 300 characters (one sentence)'),
    /** Topic tags; `faq` puts the article on the FAQ page. Also drive related articles. */
    tags: z.array(SlugSchema).default([]),
    /** Extra search terms readers use that the text doesn't ("pasword", "2fa"). Searchable, never shown. */
    keywords: z.array(z.string().trim().min(1)).default([]),
    /** Position within its category; lower comes first, ties sort by title. */
    order: z.number().int('must be a whole number').default(100),
    /** When the article's content last changed in a way readers care about. */
    updated: IsoDateSchema,
    /** A draft is previewed by `npm run dev` but never built into the help center. */
    draft: z.boolean().default(false),
    /** Ids of articles to show first under "Related articles", in this order. */
    related: z.array(SlugSchema).default([]),
  })
  .strict();

export type ArticleFrontmatter = z.infer<typeof ArticleFrontmatterSchema>;
