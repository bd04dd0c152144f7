import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { insertDeflectionEvents, upsertArticleFeedback } from '../../db/repositories/feedback';
import { DEFLECTION_EVENT_KINDS, type Database } from '../../db/schema';
import { LOCALES } from '../../src/i18n/locales';
import { SlugSchema } from '../../src/schemas/article';
import { hashSecret } from '../auth/secrets';
import { validationHook } from '../http/errors';

/** A random id a browser keeps for itself: it tells votes and visits apart without saying whose they are. */
const BrowserIdSchema = z
  .string()
  .regex(/^[\w-]{16,64}$/, 'must be 16 to 64 letters, digits, - or _ (a random id the browser keeps)');

const FeedbackSchema = z
  .object({
    article_id: SlugSchema,
    locale: z.enum(LOCALES),
    helpful: z.boolean(),
    comment: z
      .string()
      .trim()
      .max(2_000, 'Keep the comment under 2,000 characters')
      .optional()
      .transform((value) => value || null),
    voter: BrowserIdSchema,
  })
  .openapi('ArticleFeedback');

const DeflectionEventsSchema = z
  .object({
    visit: BrowserIdSchema,
    locale: z.enum(LOCALES),
    events: z
      .array(
        z.object({
          kind: z.enum(DEFLECTION_EVENT_KINDS),
          query: z.string().max(4_000),
          article_id: z.string().min(1).max(200),
          url: z.string().startsWith('/', 'must be a path on this site').max(500),
          position: z.number().int().min(1).max(20).optional(),
        }),
      )
      .min(1, 'Send at least one event')
      .max(20, 'Send at most 20 events at a time'),
  })
  .openapi('DeflectionEvents');

const feedbackRoute = createRoute({
  method: 'post',
  path: '/api/feedback',
  summary: 'Was this article helpful?',
  description: 'One vote per browser and article: voting again replaces the earlier vote and comment.',
  request: { body: { required: true, content: { 'application/json': { schema: FeedbackSchema } } } },
  responses: {
    201: { description: 'The first vote from this browser is stored.' },
    200: { description: 'This browser’s earlier vote is replaced.' },
    400: { description: 'A field is missing or invalid.' },
    429: { description: 'Too many votes from this address; see Retry-After.' },
  },
});

const deflectionRoute = createRoute({
  method: 'post',
  path: '/api/deflection-events',
  summary: 'Record suggestions shown, opened, or said to answer the question',
  description: 'The steps of the deflection funnel, sent by the contact form; reports count them later.',
  request: { body: { required: true, content: { 'application/json': { schema: DeflectionEventsSchema } } } },
  responses: {
    202: { description: 'The events are stored.' },
    400: { description: 'A field is missing or invalid.' },
    429: { description: 'Too many requests from this address; see Retry-After.' },
  },
});

/** `/api/feedback` and `/api/deflection-events`: what readers tell us about the articles. */
export function feedbackRoutes(deps: { db: Kysely<Database>; clock: () => Date }) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(feedbackRoute, async (c) => {
      const vote = c.req.valid('json');
      const { firstVote } = await upsertArticleFeedback(
        deps.db,
        {
          articleId: vote.article_id,
          locale: vote.locale,
          helpful: vote.helpful,
          comment: vote.comment,
          voterHash: hashSecret(vote.voter),
        },
        deps.clock().getTime(),
      );
      return c.json({ status: firstVote ? 'recorded' : 'updated' }, firstVote ? 201 : 200);
    })
    .openapi(deflectionRoute, async (c) => {
      const { visit, locale, events } = c.req.valid('json');
      const at = deps.clock().getTime();
      await insertDeflectionEvents(
        deps.db,
        events.map((event) => ({
          kind: event.kind,
          visit_id: hashSecret(visit),
          query: event.query,
          article_id: event.article_id,
          url: event.url,
          locale,
          position: event.position ?? null,
          ticket_id: null,
          created_at: at,
        })),
      );
      return c.json({ status: 'recorded', count: events.length }, 202);
    });
}
