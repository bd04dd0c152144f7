import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ApiEnv } from '../auth/middleware';
import { validationHook } from '../http/errors';
import { AGENT_SECURITY as security, errorResponse as error, IdParams, jsonContent as json } from '../http/openapi';
import {
  createCannedReply,
  deleteCannedReply,
  listCannedReplies,
  PLACEHOLDERS,
  unknownPlaceholders,
  updateCannedReply,
} from '../services/canned-replies';

/** A canned reply's body: placeholders must be ones Docket fills in, so a typo is caught when saving. */
export const CannedBodySchema = z
  .string()
  .trim()
  .min(1, 'Write the reply')
  .max(20_000, 'Keep it under 20,000 characters')
  .superRefine((body, context) => {
    const unknown = unknownPlaceholders(body);
    if (unknown.length > 0) {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: `Unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')}; use ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
      });
    }
  })
  .openapi({ description: `Placeholders: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}.` });
export const CannedTitleSchema = z.string().trim().min(1, 'Give it a title').max(120, 'Keep the title under 120 characters');

const CannedReplySchema = z
  .object({ id: z.number().int(), title: z.string(), body: z.string(), updated_at: z.number().int() })
  .openapi('CannedReply');

const listRoute = createRoute({
  method: 'get',
  path: '/api/agent/canned-replies',
  summary: 'Canned replies',
  security,
  responses: {
    200: { description: 'Every canned reply, by title.', ...json(z.object({ canned_replies: z.array(CannedReplySchema) })) },
    401: error('Sign in first.'),
  },
});
const createCannedRoute = createRoute({
  method: 'post',
  path: '/api/agent/canned-replies',
  summary: 'Add a canned reply (admin)',
  security,
  request: { body: { required: true, ...json(z.object({ title: CannedTitleSchema, body: CannedBodySchema })) } },
  responses: {
    201: { description: 'Saved.', ...json(z.object({ canned_reply: CannedReplySchema })) },
    400: error('A field is invalid (an unknown placeholder, say).'),
    401: error('Sign in first.'),
    403: error('Only an admin can manage canned replies, and only from Docket itself.'),
  },
});
const updateCannedRoute = createRoute({
  method: 'patch',
  path: '/api/agent/canned-replies/{id}',
  summary: 'Change a canned reply (admin)',
  security,
  request: {
    params: IdParams,
    body: { required: true, ...json(z.object({ title: CannedTitleSchema.optional(), body: CannedBodySchema.optional() })) },
  },
  responses: {
    200: { description: 'Saved.', ...json(z.object({ canned_reply: CannedReplySchema })) },
    400: error('A field is invalid.'),
    401: error('Sign in first.'),
    403: error('Only an admin can manage canned replies.'),
    404: error('No such canned reply.'),
  },
});
const deleteCannedRoute = createRoute({
  method: 'delete',
  path: '/api/agent/canned-replies/{id}',
  summary: 'Delete a canned reply (admin)',
  security,
  request: { params: IdParams },
  responses: {
    204: { description: 'Deleted.' },
    401: error('Sign in first.'),
    403: error('Only an admin can manage canned replies.'),
    404: error('No such canned reply.'),
  },
});

const view = (reply: { id: number; title: string; body: string; updated_at: number }) => ({
  id: reply.id,
  title: reply.title,
  body: reply.body,
  updated_at: reply.updated_at,
});

/** `/api/agent/canned-replies`: every agent reads them; admins write them (middleware in createApp). */
export function cannedReplyRoutes(deps: { db: Kysely<Database>; clock: () => Date }) {
  const missing = { error: 'not_found', message: 'There is no such canned reply.' };
  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => c.json({ canned_replies: (await listCannedReplies(deps.db)).map(view) }, 200))
    .openapi(createCannedRoute, async (c) => {
      const input = c.req.valid('json');
      const reply = await createCannedReply(deps.db, { ...input, createdBy: c.get('agent').id }, deps.clock().getTime());
      return c.json({ canned_reply: view(reply) }, 201);
    })
    .openapi(updateCannedRoute, async (c) => {
      const reply = await updateCannedReply(deps.db, c.req.valid('param').id, c.req.valid('json'), deps.clock().getTime());
      return reply ? c.json({ canned_reply: view(reply) }, 200) : c.json(missing, 404);
    })
    .openapi(deleteCannedRoute, async (c) =>
      (await deleteCannedReply(deps.db, c.req.valid('param').id)) ? c.body(null, 204) : c.json(missing, 404),
    );
}
