import { z } from '@hono/zod-openapi';
import { ErrorSchema } from './errors';

/** The OpenAPI security scheme of the agent API: the session cookie (registered in createApp). */
export const AGENT_SESSION_SCHEME = 'agentSession';
/** `security` of every route that needs a signed-in agent. */
export const AGENT_SECURITY = [{ [AGENT_SESSION_SCHEME]: [] }];

/** A JSON body (request or response) in a route definition. */
export const jsonContent = <T extends z.ZodTypeAny>(schema: T) => ({ content: { 'application/json': { schema } } });

/** An error response in a route definition: the shared Error body, with what the status means here. */
export const errorResponse = (description: string) => ({ description, ...jsonContent(ErrorSchema) });

export const UNAUTHENTICATED = errorResponse('No valid session: sign in first.');
export const CROSS_SITE = errorResponse('The request came from another site (no same-origin Origin or Sec-Fetch-Site).');

/** `{id}` in a path: a positive whole number. */
export const IdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 7 }),
});
