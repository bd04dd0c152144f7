import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import {
  countQueueViews,
  InvalidCursorError,
  listQueue,
  MAX_QUEUE_LIMIT,
  QUEUE_SORTS,
  QUEUE_VIEWS,
  searchTickets,
} from '../../db/repositories/queue';
import { TICKET_PRIORITIES, TICKET_STATUSES, type Database } from '../../db/schema';
import { SlugSchema } from '../../src/schemas/article';
import type { ApiEnv } from '../auth/middleware';
import type { SuggestionIndex } from '../deflection';
import { validationHook } from '../http/errors';
import {
  AGENT_SECURITY as security,
  CROSS_SITE,
  errorResponse as error,
  IdParams,
  jsonContent as json,
  UNAUTHENTICATED,
} from '../http/openapi';
import {
  addAgentMessage,
  bulkUpdateTickets,
  loadAgentTicket,
  loadAttachment,
  TicketFieldError,
  TicketNotFoundError,
  updateTicketAsAgent,
} from '../services/agent-tickets';
import type { MailConfig } from '../mail/config';
import { TicketConflictError } from '../services/tickets';

const unauthenticated = UNAUTHENTICATED;
const crossSite = CROSS_SITE;
const notFound = error('There is no ticket with this number.');

const StatusSchema = z.enum(TICKET_STATUSES);
const PrioritySchema = z.enum(TICKET_PRIORITIES);
const TagSchema = z.string().trim().min(1).max(40, 'Keep tags under 40 characters');

const QueueRowSchema = z
  .object({
    number: z.number().int(),
    subject: z.string(),
    customer_name: z.string(),
    customer_email: z.string(),
    status: StatusSchema,
    priority: PrioritySchema,
    assignee_id: z.number().int().nullable(),
    assignee_name: z.string().nullable(),
    created_at: z.number().int().openapi({ description: 'Milliseconds since the epoch.' }),
    updated_at: z.number().int(),
    last_message_preview: z.string(),
    customer_wrote_last: z.boolean(),
    tags: z.array(z.string()),
  })
  .openapi('QueueRow');
const QueuePageSchema = z
  .object({
    rows: z.array(QueueRowSchema),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page; null on the last.' }),
  })
  .openapi('QueuePage');

const NumberParams = z.object({
  number: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'number', in: 'path' }, example: 1042 }),
});

const queueRoute = createRoute({
  method: 'get',
  path: '/api/agent/queue',
  summary: 'A page of a queue view',
  description: 'Keyset-paginated: pass the previous page’s `next` as `after`. Filters combine.',
  security,
  request: {
    query: z.object({
      view: z.enum(QUEUE_VIEWS).default('open'),
      sort: z.enum(QUEUE_SORTS).default('updated'),
      status: StatusSchema.optional(),
      priority: PrioritySchema.optional(),
      category: SlugSchema.optional(),
      assignee: z.union([z.literal('none'), z.coerce.number().int().positive()]).optional(),
      tag: TagSchema.optional(),
      after: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(MAX_QUEUE_LIMIT).optional(),
    }),
  },
  responses: {
    200: { description: 'The page.', ...json(QueuePageSchema) },
    400: error('A filter or the cursor is invalid.'),
    401: unauthenticated,
  },
});

const countsRoute = createRoute({
  method: 'get',
  path: '/api/agent/queue/counts',
  summary: 'How many tickets each view holds',
  security,
  responses: {
    200: {
      description: 'Counts by view.',
      ...json(z.object(Object.fromEntries(QUEUE_VIEWS.map((view) => [view, z.number().int()]))).openapi('QueueCounts')),
    },
    401: unauthenticated,
  },
});

const searchRoute = createRoute({
  method: 'get',
  path: '/api/agent/search',
  summary: 'Search tickets',
  description: 'Subjects and every message (internal notes too) containing all the words, most recently updated first.',
  security,
  request: {
    query: z.object({
      q: z.string().trim().min(1, 'Type something to search for').max(200),
      after: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(MAX_QUEUE_LIMIT).optional(),
    }),
  },
  responses: {
    200: { description: 'Matching tickets.', ...json(QueuePageSchema) },
    400: error('The query or the cursor is invalid.'),
    401: unauthenticated,
  },
});

const MessageSchema = z
  .object({
    id: z.number().int(),
    author_kind: z.enum(['customer', 'agent', 'system']),
    author_name: z.string(),
    body: z.string(),
    internal: z.boolean(),
    created_at: z.number().int(),
    attachments: z.array(
      z
        .object({
          id: z.number().int(),
          filename: z.string(),
          content_type: z.string(),
          size: z.number().int(),
          kept: z
            .boolean()
            .openapi({ description: 'False when the file was over the size limit: only its name and size were kept.' }),
        })
        .openapi('Attachment'),
    ),
  })
  .openapi('AgentMessage');
const EventSchema = z
  .object({
    id: z.number().int(),
    type: z.string(),
    actor_kind: z.string(),
    actor_name: z.string(),
    data: z.record(z.unknown()),
    created_at: z.number().int(),
  })
  .openapi('TicketEvent');
const TicketDetailSchema = z
  .object({
    ticket: QueueRowSchema.extend({
      category: z.string().nullable(),
      locale: z.string(),
      channel: z.string(),
      first_response_at: z.number().int().nullable(),
      solved_at: z.number().int().nullable(),
    }),
    messages: z.array(MessageSchema),
    events: z.array(EventSchema),
    customer_tickets: z.array(
      z.object({ number: z.number().int(), subject: z.string(), status: StatusSchema, updated_at: z.number().int() }),
    ),
    suggested_articles: z.array(z.object({ title: z.string(), url: z.string() })),
  })
  .openapi('AgentTicket');

const ticketRoute = createRoute({
  method: 'get',
  path: '/api/agent/tickets/{number}',
  summary: 'Open a ticket',
  description:
    'The conversation (internal notes marked), the audit trail, the customer’s other tickets and help-center articles suggested for it.',
  security,
  request: { params: NumberParams },
  responses: { 200: { description: 'The ticket.', ...json(TicketDetailSchema) }, 401: unauthenticated, 404: notFound },
});

const attachmentRoute = createRoute({
  method: 'get',
  path: '/api/agent/attachments/{id}',
  summary: 'Download a file that came with a message',
  description: 'Images are shown in place; every other type downloads. 404 for a file over the size limit, which was not kept.',
  security,
  request: {
    params: IdParams,
  },
  responses: {
    200: {
      description: 'The file.',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    401: unauthenticated,
    404: notFound,
  },
});

const ChangesSchema = z
  .object({
    status: StatusSchema.optional(),
    priority: PrioritySchema.optional(),
    category: z.union([SlugSchema, z.null()]).optional(),
    assignee_id: z.number().int().positive().nullable().optional(),
    tags: z.array(TagSchema).max(20, 'Use at most 20 tags').optional(),
  })
  .openapi('TicketChanges');

const updateRoute = createRoute({
  method: 'patch',
  path: '/api/agent/tickets/{number}',
  summary: 'Change a ticket',
  description: 'Status (along the state machine), priority, category, assignee, tags. Each change is written to the audit trail.',
  security,
  request: { params: NumberParams, body: { required: true, ...json(ChangesSchema) } },
  responses: {
    200: { description: 'The ticket as changed.', ...json(z.object({ ticket: QueueRowSchema.partial() })) },
    400: error('A field is invalid.'),
    401: unauthenticated,
    403: crossSite,
    404: notFound,
    409: error('The status change is not allowed from the ticket’s status; the message says why.'),
  },
});

const messageRoute = createRoute({
  method: 'post',
  path: '/api/agent/tickets/{number}/messages',
  summary: 'Reply or add an internal note',
  description:
    'A public reply (`internal: false`) reaches the customer and may set the status ("send and set status"); a note (`internal: true`) is for agents only.',
  security,
  request: {
    params: NumberParams,
    body: {
      required: true,
      ...json(
        z
          .object({
            body: z.string().trim().min(1, 'Write something first').max(20_000, 'Keep it under 20,000 characters'),
            internal: z.boolean().default(false),
            status: StatusSchema.optional(),
          })
          .openapi('AgentMessageInput'),
      ),
    },
  },
  responses: {
    201: { description: 'Stored.', ...json(z.object({ status: StatusSchema })) },
    400: error('A field is invalid.'),
    401: unauthenticated,
    403: crossSite,
    404: notFound,
    409: error('The ticket is closed, or the chosen status is not allowed.'),
  },
});

const bulkRoute = createRoute({
  method: 'post',
  path: '/api/agent/tickets/bulk',
  summary: 'Change many tickets',
  description:
    'Assign, status or priority for the selected tickets. Tickets that can’t take the change are listed with the reason.',
  security,
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({
            numbers: z
              .array(z.number().int().positive())
              .min(1, 'Select at least one ticket')
              .max(200, 'Select at most 200 tickets'),
            changes: ChangesSchema.pick({ status: true, priority: true, assignee_id: true }),
          })
          .openapi('BulkChange'),
      ),
    },
  },
  responses: {
    200: {
      description: 'What was changed and what was not.',
      ...json(
        z
          .object({
            updated: z.array(z.number().int()),
            refused: z.array(z.object({ number: z.number().int(), reason: z.string() })),
          })
          .openapi('BulkResult'),
      ),
    },
    400: error('A field is invalid.'),
    401: unauthenticated,
    403: crossSite,
  },
});

type Deps = { db: Kysely<Database>; clock: () => Date; suggestions: SuggestionIndex; mail?: MailConfig | undefined };

/** `/api/agent` queue, search and ticket work. The session check is middleware in createApp. */
export function agentTicketRoutes(deps: Deps) {
  const now = () => deps.clock().getTime();
  const badCursor = (cause: unknown) => {
    if (cause instanceof InvalidCursorError) return { error: 'invalid_cursor', message: cause.message };
    throw cause;
  };
  const conflict = (cause: unknown) => {
    if (cause instanceof TicketNotFoundError)
      return { status: 404 as const, body: { error: 'not_found', message: cause.message } };
    if (cause instanceof TicketConflictError)
      return { status: 409 as const, body: { error: cause.reason, message: cause.message } };
    if (cause instanceof TicketFieldError) {
      return { status: 400 as const, body: { error: 'invalid_input', issues: [{ path: cause.field, message: cause.message }] } };
    }
    throw cause;
  };

  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook })
    .openapi(queueRoute, async (c) => {
      const query = c.req.valid('query');
      try {
        const page = await listQueue(deps.db, {
          view: query.view,
          agentId: c.get('agent').id,
          sort: query.sort,
          after: query.after ?? null,
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
          filters: {
            ...(query.status ? { status: query.status } : {}),
            ...(query.priority ? { priority: query.priority } : {}),
            ...(query.category ? { category: query.category } : {}),
            ...(query.assignee !== undefined ? { assignee: query.assignee } : {}),
            ...(query.tag ? { tag: query.tag } : {}),
          },
        });
        return c.json(page, 200);
      } catch (cause) {
        return c.json(badCursor(cause), 400);
      }
    })
    .openapi(countsRoute, async (c) => c.json(await countQueueViews(deps.db, c.get('agent').id), 200))
    .openapi(searchRoute, async (c) => {
      const query = c.req.valid('query');
      try {
        const page = await searchTickets(deps.db, {
          query: query.q,
          after: query.after ?? null,
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
        });
        return c.json(page, 200);
      } catch (cause) {
        return c.json(badCursor(cause), 400);
      }
    })
    .openapi(ticketRoute, async (c) => {
      const detail = await loadAgentTicket(deps, c.req.valid('param').number);
      if (!detail) return c.json({ error: 'not_found', message: 'There is no ticket with this number.' }, 404);
      return c.json(detail, 200);
    })
    .openapi(attachmentRoute, async (c) => {
      const file = await loadAttachment(deps.db, c.req.valid('param').id);
      if (!file) return c.json({ error: 'not_found', message: 'There is no such file, or it was too large to keep.' }, 404);
      return c.body(new Uint8Array(file.content), 200, file.headers);
    })
    .openapi(updateRoute, async (c) => {
      try {
        const ticket = await updateTicketAsAgent(
          deps.db,
          c.get('agent'),
          c.req.valid('param').number,
          c.req.valid('json'),
          now(),
          deps.mail,
        );
        return c.json(
          { ticket: { number: ticket.id, status: ticket.status, priority: ticket.priority, assignee_id: ticket.assignee_id } },
          200,
        );
      } catch (cause) {
        const failure = conflict(cause);
        return c.json(failure.body, failure.status);
      }
    })
    .openapi(messageRoute, async (c) => {
      const input = c.req.valid('json');
      try {
        const ticket = await addAgentMessage(
          deps.db,
          c.get('agent'),
          c.req.valid('param').number,
          { body: input.body, internal: input.internal, ...(input.status ? { status: input.status } : {}) },
          now(),
          deps.mail,
        );
        return c.json({ status: ticket.status }, 201);
      } catch (cause) {
        const failure = conflict(cause);
        return c.json(failure.body, failure.status);
      }
    })
    .openapi(bulkRoute, async (c) => {
      const { numbers, changes } = c.req.valid('json');
      const result = await bulkUpdateTickets(deps.db, c.get('agent'), numbers, changes, now(), deps.mail);
      return c.json(result, 200);
    });
}
