import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { LOCALES } from '../../src/i18n/locales';
import { SlugSchema } from '../../src/schemas/article';
import { urls } from '../../src/utils/urls';
import { validationHook } from '../http/errors';
import { createTicket } from '../services/tickets';

/** A customer opening a ticket from the contact form (JSON or a plain HTML form post). */
export const NewTicketSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter your name').max(200, 'Use at most 200 characters').openapi({ example: 'Ada Lovelace' }),
    email: z
      .string()
      .trim()
      .max(254, 'Use at most 254 characters')
      .email('Enter an email address like name@example.com')
      .openapi({ example: 'ada@example.com' }),
    subject: z
      .string()
      .trim()
      .min(3, 'Give your question a short subject')
      .max(200, 'Keep the subject under 200 characters')
      .openapi({ example: 'The PDF of my invoice is blank' }),
    message: z
      .string()
      .trim()
      .min(10, 'Tell us a little more (at least 10 characters)')
      .max(20_000, 'Keep the message under 20,000 characters')
      .openapi({ example: 'When I download invoice #42 the PDF has no pages.' }),
    /** A help-center category slug; empty means "not sure". */
    category: z
      .union([z.literal(''), SlugSchema])
      .optional()
      .transform((value) => value || null),
    locale: z.enum(LOCALES).default('en'),
    /** Honeypot: hidden from people, filled in by bots. Must stay empty. */
    website: z.string().max(500).optional(),
    /** When the form was shown (ms since epoch); a form sent faster than a person types is refused. */
    started_at: z.coerce.number().int().nonnegative().optional(),
  })
  .openapi('NewTicket');

const CreatedTicketSchema = z
  .object({
    number: z.number().int().openapi({ example: 1042 }),
    status_url: z.string().openapi({ example: '/tickets/1042?key=Zq3…' }),
  })
  .openapi('CreatedTicket');

const ErrorSchema = z
  .object({
    error: z.string(),
    message: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

/** Below this, a form was filled in faster than a person can read it: a bot. */
export const MIN_FILL_MS = 3_000;

const createTicketRoute = createRoute({
  method: 'post',
  path: '/api/tickets',
  summary: 'Open a ticket',
  description:
    'Creates the customer (by email), the ticket, its first message and a private status key in one transaction. ' +
    'The key is returned once, inside `status_url`, and stored only as a hash.',
  request: {
    body: {
      // Not "required": with it, the JSON and the form validator would both run on every request.
      // Each validates when its content type is sent; anything else is a 415 below.
      required: false,
      content: {
        'application/json': { schema: NewTicketSchema },
        'application/x-www-form-urlencoded': { schema: NewTicketSchema },
      },
    },
  },
  responses: {
    201: { description: 'The ticket is stored.', content: { 'application/json': { schema: CreatedTicketSchema } } },
    400: {
      description: 'A field is missing or invalid, or the body is not valid JSON.',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    413: { description: 'The body is larger than 64 KB.', content: { 'application/json': { schema: ErrorSchema } } },
    415: { description: 'The body is neither JSON nor a form.', content: { 'application/json': { schema: ErrorSchema } } },
    422: {
      description: 'The form looks automated (honeypot filled, or sent too fast).',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    429: {
      description: 'Too many tickets from this address; see Retry-After.',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

/** `/api/tickets`: customers open tickets. */
export function ticketRoutes(deps: { db: Kysely<Database>; clock: () => Date }) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(createTicketRoute, async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    const isJson = /^application\/([\w.+-]+\+)?json/i.test(type);
    if (!isJson && !/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
      return c.json({ error: 'unsupported_media_type', message: 'Send the ticket as JSON or as a form.' }, 415);
    }
    const input = isJson ? c.req.valid('json') : c.req.valid('form');
    const now = deps.clock();
    const tooFast = input.started_at !== undefined && now.getTime() - input.started_at < MIN_FILL_MS;
    if (input.website || tooFast) {
      return c.json(
        { error: 'spam_suspected', message: 'This looked automated. Please check your message and send it again.' },
        422,
      );
    }
    const { ticket, key } = await createTicket(deps.db, now, {
      name: input.name,
      email: input.email,
      subject: input.subject,
      message: input.message,
      category: input.category,
      locale: input.locale,
      channel: 'web',
    });
    const statusUrl = `${urls.ticket(input.locale, ticket.id)}?key=${encodeURIComponent(key)}`;
    c.header('Location', statusUrl);
    c.header('Cache-Control', 'no-store');
    return c.json({ number: ticket.id, status_url: statusUrl }, 201);
  });
}
