import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { listAgents } from '../../db/repositories/agents';
import type { Database } from '../../db/schema';
import type { ApiEnv } from '../auth/middleware';
import { clearSessionCookie, setSessionCookie } from '../auth/middleware';
import { EmailSchema, NameSchema, NewPasswordSchema, RoleSchema } from '../auth/agent-schemas';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords';
import { LoginThrottledError } from '../auth/throttle';
import { clientAddress } from '../http/client-address';
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
  AgentAccountError,
  changePassword,
  createAgent,
  setUpFirstAdmin,
  signIn,
  signOut,
  signOutEverywhere,
  toProfile,
  updateAgentAccount,
} from '../services/agents';

const AgentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
  })
  .openapi('Agent');
const AgentResponseSchema = z.object({ agent: AgentSchema }).openapi('AgentResponse');

const invalid = error('A field is missing or invalid.');
const unauthenticated = UNAUTHENTICATED;
const crossSite = CROSS_SITE;
const adminOnly = error('Only an admin can do this.');

const setupRoute = createRoute({
  method: 'post',
  path: '/api/agent/setup',
  summary: 'Create the first admin',
  description:
    'Works once, while no admin exists, with the token from the setup link the server prints at start. Signs the new admin in.',
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({ token: z.string().min(1).max(128), name: NameSchema, email: EmailSchema, password: NewPasswordSchema })
          .openapi('Setup'),
      ),
    },
  },
  responses: {
    201: { description: 'The admin exists and is signed in (session cookie set).', ...json(AgentResponseSchema) },
    400: invalid,
    403: crossSite,
    410: error('The setup link expired, was used, or an admin already exists.'),
  },
});

const signInRoute = createRoute({
  method: 'post',
  path: '/api/agent/session',
  summary: 'Sign in',
  description:
    'Checks an email and password and sets the session cookie. Failed attempts are throttled per account and per address (429 with Retry-After).',
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({ email: EmailSchema, password: z.string().min(1, 'Enter your password').max(MAX_PASSWORD_LENGTH) })
          .openapi('SignIn'),
      ),
    },
  },
  responses: {
    200: { description: 'Signed in (session cookie set).', ...json(AgentResponseSchema) },
    400: invalid,
    401: error('The email and password don’t match an active agent.'),
    403: crossSite,
    429: error('Too many failed sign-ins for this account or from this address; see Retry-After.'),
  },
});

const signOutRoute = createRoute({
  method: 'delete',
  path: '/api/agent/session',
  summary: 'Sign out',
  security,
  responses: { 204: { description: 'This session has ended.' }, 401: unauthenticated, 403: crossSite },
});

const signOutEverywhereRoute = createRoute({
  method: 'post',
  path: '/api/agent/sign-out-everywhere',
  summary: 'Sign out everywhere',
  description: 'Ends every session of the signed-in agent, this one included.',
  security,
  responses: { 204: { description: 'Every session has ended.' }, 401: unauthenticated, 403: crossSite },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/agent/me',
  summary: 'The signed-in agent',
  security,
  responses: { 200: { description: 'The agent this session belongs to.', ...json(AgentResponseSchema) }, 401: unauthenticated },
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/api/agent/password',
  summary: 'Change my password',
  description: 'Needs the current password. Ends every other session and replaces this one (a new cookie is set).',
  security,
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({
            current_password: z.string().min(1, 'Enter your current password').max(MAX_PASSWORD_LENGTH),
            new_password: NewPasswordSchema,
          })
          .openapi('PasswordChange'),
      ),
    },
  },
  responses: {
    200: { description: 'Changed; signed in with a new session.', ...json(AgentResponseSchema) },
    400: invalid,
    401: unauthenticated,
    403: crossSite,
  },
});

const listAgentsRoute = createRoute({
  method: 'get',
  path: '/api/agent/agents',
  summary: 'List agents (admin)',
  security,
  responses: {
    200: { description: 'Every agent, by name.', ...json(z.object({ agents: z.array(AgentSchema) }).openapi('AgentList')) },
    401: unauthenticated,
    403: adminOnly,
  },
});

const createAgentRoute = createRoute({
  method: 'post',
  path: '/api/agent/agents',
  summary: 'Add an agent (admin)',
  security,
  request: {
    body: {
      required: true,
      ...json(
        z
          .object({ name: NameSchema, email: EmailSchema, role: RoleSchema.default('agent'), password: NewPasswordSchema })
          .openapi('NewAgent'),
      ),
    },
  },
  responses: {
    201: { description: 'The agent can sign in.', ...json(AgentResponseSchema) },
    400: invalid,
    401: unauthenticated,
    403: adminOnly,
    409: error('An agent with this email exists.'),
  },
});

const updateAgentRoute = createRoute({
  method: 'patch',
  path: '/api/agent/agents/{id}',
  summary: 'Change an agent (admin)',
  description:
    'Name, role, or disabled. Disabling ends the agent’s sessions at once. The last active admin can’t be demoted or disabled.',
  security,
  request: {
    params: IdParams,
    body: {
      required: true,
      ...json(
        z
          .object({ name: NameSchema.optional(), role: RoleSchema.optional(), disabled: z.boolean().optional() })
          .openapi('AgentChange'),
      ),
    },
  },
  responses: {
    200: { description: 'The agent as changed.', ...json(AgentResponseSchema) },
    400: invalid,
    401: unauthenticated,
    403: adminOnly,
    404: error('No such agent.'),
    409: error('The change would leave no active admin.'),
  },
});

type Deps = { db: Kysely<Database>; clock: () => Date; trustProxy: boolean };

/** `/api/agent/*` sign-in, sessions and accounts. Session and admin checks are middleware in createApp. */
export function agentAuthRoutes(deps: Deps) {
  const now = () => deps.clock().getTime();
  const userAgent = (header: string | undefined) => header ?? null;
  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook })
    .openapi(setupRoute, async (c) => {
      const input = c.req.valid('json');
      try {
        const { agent, session, token } = await setUpFirstAdmin(
          deps.db,
          { ...input, userAgent: userAgent(c.req.header('User-Agent')) },
          now(),
        );
        setSessionCookie(c, token, session.expires_at, deps.trustProxy);
        return c.json({ agent: toProfile(agent) }, 201);
      } catch (cause) {
        if (cause instanceof AgentAccountError) return c.json({ error: cause.code, message: cause.message }, 410);
        throw cause;
      }
    })
    .openapi(signInRoute, async (c) => {
      const input = c.req.valid('json');
      try {
        const { agent, session, token } = await signIn(
          deps.db,
          { ...input, address: clientAddress(c, deps.trustProxy), userAgent: userAgent(c.req.header('User-Agent')) },
          now(),
        );
        setSessionCookie(c, token, session.expires_at, deps.trustProxy);
        c.header('Cache-Control', 'no-store');
        return c.json({ agent: toProfile(agent) }, 200);
      } catch (cause) {
        if (cause instanceof LoginThrottledError) {
          c.header('Retry-After', String(Math.ceil(cause.retryAfterMs / 1000)));
          return c.json({ error: 'too_many_attempts', message: cause.message }, 429);
        }
        if (cause instanceof AgentAccountError) return c.json({ error: cause.code, message: cause.message }, 401);
        throw cause;
      }
    })
    .openapi(signOutRoute, async (c) => {
      await signOut(deps.db, c.get('session').id);
      clearSessionCookie(c, deps.trustProxy);
      return c.body(null, 204);
    })
    .openapi(signOutEverywhereRoute, async (c) => {
      await signOutEverywhere(deps.db, c.get('agent').id);
      clearSessionCookie(c, deps.trustProxy);
      return c.body(null, 204);
    })
    .openapi(meRoute, (c) => c.json({ agent: toProfile(c.get('agent')) }, 200))
    .openapi(passwordRoute, async (c) => {
      const input = c.req.valid('json');
      try {
        const { agent, session, token } = await changePassword(
          deps.db,
          {
            agent: c.get('agent'),
            sessionId: c.get('session').id,
            currentPassword: input.current_password,
            newPassword: input.new_password,
            userAgent: userAgent(c.req.header('User-Agent')),
          },
          now(),
        );
        setSessionCookie(c, token, session.expires_at, deps.trustProxy);
        return c.json({ agent: toProfile(agent) }, 200);
      } catch (cause) {
        if (cause instanceof AgentAccountError) {
          return c.json({ error: 'invalid_input', issues: [{ path: 'current_password', message: cause.message }] }, 400);
        }
        throw cause;
      }
    })
    .openapi(listAgentsRoute, async (c) => c.json({ agents: (await listAgents(deps.db)).map(toProfile) }, 200))
    .openapi(createAgentRoute, async (c) => {
      try {
        const agent = await createAgent(deps.db, c.req.valid('json'), now());
        return c.json({ agent: toProfile(agent) }, 201);
      } catch (cause) {
        if (cause instanceof AgentAccountError) return c.json({ error: cause.code, message: cause.message }, 409);
        throw cause;
      }
    })
    .openapi(updateAgentRoute, async (c) => {
      const { id } = c.req.valid('param');
      try {
        const agent = await updateAgentAccount(deps.db, id, c.req.valid('json'), now());
        return c.json({ agent: toProfile(agent) }, 200);
      } catch (cause) {
        if (cause instanceof AgentAccountError && cause.code === 'not_found')
          return c.json({ error: 'not_found', message: cause.message }, 404);
        if (cause instanceof AgentAccountError) return c.json({ error: cause.code, message: cause.message }, 409);
        throw cause;
      }
    });
}
