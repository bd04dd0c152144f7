import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { LOCALES } from '../../src/i18n/locales';
import type { SuggestionIndex } from '../deflection';
import { validationHook } from '../http/errors';

const SuggestQuerySchema = z.object({
  q: z
    .string()
    .max(4_000, 'Send at most 4,000 characters; the start of a question says what it is about')
    .openapi({ example: 'I forgot my password and the reset email never came' }),
  locale: z.enum(LOCALES).default('en'),
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(20).default(5),
});

const SuggestionSchema = z
  .object({
    id: z.string(),
    url: z.string().openapi({ example: '/articles/reset-password/#if-the-reset-email-doesnt-arrive' }),
    title: z.string(),
    section_title: z.string().nullable(),
    snippet: z.array(z.object({ text: z.string(), match: z.boolean() })).openapi({
      description:
        'Plain text in pieces; the pieces with match=true are the words that matched. Escape each piece when showing it.',
    }),
  })
  .openapi('Suggestion');

const suggestRoute = createRoute({
  method: 'get',
  path: '/api/suggest',
  summary: 'Suggest help articles for a question',
  description:
    'Ranks the help center’s articles and their sections for what a customer is typing (subject on the first line, then the message). ' +
    'Only articles of the requested locale are suggested.',
  request: { query: SuggestQuerySchema },
  responses: {
    200: {
      description: 'Up to `limit` suggestions, best first.',
      content: { 'application/json': { schema: z.object({ suggestions: z.array(SuggestionSchema) }) } },
    },
    400: { description: 'A query parameter is invalid.' },
    429: { description: 'Too many requests from this address; see Retry-After.' },
  },
});

/** `/api/suggest`: articles that may answer a question before it becomes a ticket. */
export function suggestRoutes(deps: { suggestions: SuggestionIndex }) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(suggestRoute, (c) => {
    const { q, locale, limit } = c.req.valid('query');
    const suggestions = deps.suggestions.suggest(q, { locale, limit }).map((suggestion) => ({
      id: suggestion.id,
      url: suggestion.url,
      title: suggestion.title,
      section_title: suggestion.sectionTitle ?? null,
      snippet: suggestion.snippet,
    }));
    c.header('Cache-Control', 'no-store');
    return c.json({ suggestions }, 200);
  });
}
