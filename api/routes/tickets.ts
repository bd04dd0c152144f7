import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database, Ticket } from '../../db/schema';
import { LOCALES } from '../../src/i18n/locales';
import { SlugSchema } from '../../src/schemas/article';
import { urls } from '../../src/utils/urls';
import { ErrorSchema, validationHook } from '../http/errors';
import type { MailConfig } from '../mail/config';
import {
  addCustomerReply,
  createTicket,
  customerConversation,
  findTicketByKey,
  markSolvedByCustomer,
  TicketConflictError,
} from '../services/tickets';

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
export function ticketRoutes(deps: { db: Kysely<Database>; clock: () => Date; mail?: MailConfig | undefined }) {
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
    const { ticket, key } = await createTicket(
      deps.db,
      now,
      {
        name: input.name,
        email: input.email,
        subject: input.subject,
        message: input.message,
        category: input.category,
        locale: input.locale,
        channel: 'web',
      },
      deps.mail,
    );
    const statusUrl = `${urls.ticket(input.locale, ticket.id)}?key=${encodeURIComponent(key)}`;
    c.header('Location', statusUrl);
    c.header('Cache-Control', 'no-store');
    return c.json({ number: ticket.id, status_url: statusUrl }, 201);
  });
}

const TicketParamsSchema = z.object({
  number: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'number', in: 'path' }, example: 1042 }),
});
const TicketKeySchema = z.object({
  key: z
    .string()
    .min(1, 'The private key from the status link is required')
    .max(128)
    .openapi({ param: { name: 'key', in: 'query' }, description: 'The private key from the status link.' }),
});

const PublicMessageSchema = z
  .object({
    id: z.number().int(),
    author: z.enum(['customer', 'agent', 'system']),
    body: z.string().openapi({ description: 'Plain text as written; escape it when showing it.' }),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('PublicMessage');

const PublicTicketSchema = z
  .object({
    number: z.number().int(),
    subject: z.string(),
    status: z.enum(['new', 'open', 'pending', 'solved', 'closed']),
    created_at: z.string().openapi({ format: 'date-time' }),
    updated_at: z.string().openapi({ format: 'date-time' }),
    messages: z.array(PublicMessageSchema),
  })
  .openapi('PublicTicket');

const ReplySchema = z
  .object({
    body: z.string().trim().min(1, 'Write a reply first').max(20_000, 'Keep the reply under 20,000 characters'),
  })
  .openapi('CustomerReply');

const notFound = {
  description: 'No ticket with this number opens with this key.',
  content: { 'application/json': { schema: ErrorSchema } },
};
const conflict = { description: 'The ticket is closed.', content: { 'application/json': { schema: ErrorSchema } } };

const getTicketRoute = createRoute({
  method: 'get',
  path: '/api/tickets/{number}',
  summary: 'A ticket as its customer sees it',
  description:
    'Subject, status and the public conversation (never internal notes). A wrong key and a missing ticket give the same 404.',
  request: { params: TicketParamsSchema, query: TicketKeySchema },
  responses: {
    200: { description: 'The ticket.', content: { 'application/json': { schema: PublicTicketSchema } } },
    400: { description: 'The number or key is malformed.', content: { 'application/json': { schema: ErrorSchema } } },
    404: notFound,
  },
});

const replyRoute = createRoute({
  method: 'post',
  path: '/api/tickets/{number}/replies',
  summary: 'The customer replies',
  description: 'Adds a reply to the conversation; a reply to a solved ticket reopens it.',
  request: {
    params: TicketParamsSchema,
    query: TicketKeySchema,
    body: { required: true, content: { 'application/json': { schema: ReplySchema } } },
  },
  responses: {
    201: { description: 'The reply is stored.', content: { 'application/json': { schema: PublicTicketSchema } } },
    400: { description: 'The reply is empty or too long.', content: { 'application/json': { schema: ErrorSchema } } },
    404: notFound,
    409: conflict,
    429: {
      description: 'Too many replies from this address; see Retry-After.',
      content: { 'application/json': { schema: ErrorSchema } },
    },
  },
});

const solveRoute = createRoute({
  method: 'post',
  path: '/api/tickets/{number}/solve',
  summary: 'The customer marks the ticket solved',
  request: { params: TicketParamsSchema, query: TicketKeySchema },
  responses: {
    200: { description: 'The ticket is solved.', content: { 'application/json': { schema: PublicTicketSchema } } },
    404: notFound,
    409: conflict,
  },
});

/** `/api/tickets/{number}`: the customer follows, answers and solves their ticket with its private key. */
export function customerTicketRoutes(deps: { db: Kysely<Database>; clock: () => Date }) {
  const publicView = async (ticket: Ticket) => ({
    number: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    created_at: new Date(ticket.created_at).toISOString(),
    updated_at: new Date(ticket.updated_at).toISOString(),
    messages: (await customerConversation(deps.db, ticket)).map((message) => ({
      id: message.id,
      author: message.author_kind,
      body: message.body,
      created_at: new Date(message.created_at).toISOString(),
    })),
  });
  const missing = { error: 'not_found', message: 'No ticket opens with this link. Check that you copied all of it.' };
  const closed = (error: TicketConflictError) => ({ error: error.reason, message: error.message });

  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(getTicketRoute, async (c) => {
      c.header('Cache-Control', 'no-store');
      const ticket = await findTicketByKey(deps.db, c.req.valid('param').number, c.req.valid('query').key);
      if (!ticket) return c.json(missing, 404);
      return c.json(await publicView(ticket), 200);
    })
    .openapi(replyRoute, async (c) => {
      const ticket = await findTicketByKey(deps.db, c.req.valid('param').number, c.req.valid('query').key);
      if (!ticket) return c.json(missing, 404);
      try {
        const updated = await addCustomerReply(deps.db, deps.clock(), ticket, c.req.valid('json').body);
        return c.json(await publicView(updated), 201);
      } catch (error) {
        if (error instanceof TicketConflictError) return c.json(closed(error), 409);
        throw error;
      }
    })
    .openapi(solveRoute, async (c) => {
      const ticket = await findTicketByKey(deps.db, c.req.valid('param').number, c.req.valid('query').key);
      if (!ticket) return c.json(missing, 404);
      try {
        const updated = await markSolvedByCustomer(deps.db, deps.clock(), ticket);
        return c.json(await publicView(updated), 200);
      } catch (error) {
        if (error instanceof TicketConflictError) return c.json(closed(error), 409);
        throw error;
      }
    });
}
