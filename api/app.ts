import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { readBody } from './http/body';
import { clientAddress } from './http/client-address';
import { validationHook } from './http/errors';
import { rateLimit, type RateLimit } from './http/rate-limit';
import type { SuggestionIndex } from './deflection';
import type { MailConfig } from './mail/config';
import { requireAdmin, requireAgent, type ApiEnv } from './auth/middleware';
import { sameOriginOnly } from './http/csrf';
import { AGENT_SESSION_SCHEME } from './http/openapi';
import { agentAuthRoutes } from './routes/agent-auth';
import { agentTicketRoutes } from './routes/agent-tickets';
import { cannedReplyRoutes } from './routes/agent-canned-replies';
import { feedbackRoutes } from './routes/feedback';
import { suggestRoutes } from './routes/suggest';
import { customerTicketRoutes, ticketRoutes } from './routes/tickets';

/** Per-client limits for the routes anyone can call. */
export interface RateLimits {
  createTicket: RateLimit;
  suggest: RateLimit;
  /** Customer replies and "solved", guesses at ticket keys, and asking for or using a "your tickets" link, per address. */
  replies: RateLimit;
  /** Article votes and deflection-funnel events. */
  feedback: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  createTicket: { limit: 10, windowMs: 60 * 60 * 1000 },
  // The contact form asks as the customer types (debounced): a few a second at most for a fast typist.
  suggest: { limit: 120, windowMs: 60 * 1000 },
  replies: { limit: 60, windowMs: 60 * 60 * 1000 },
  feedback: { limit: 60, windowMs: 60 * 1000 },
};

/** What the API needs from the outside world; tests pass their own. */
export interface AppDeps {
  db: Kysely<Database>;
  /** The help center's articles, indexed for suggestions. */
  suggestions: SuggestionIndex;
  /** The current time; tests pass a fixed clock. */
  clock: () => Date;
  rateLimits?: RateLimits;
  /** Limiters shared with the server's own form posts, so the API and the forms draw on one allowance. */
  limiters?: RateLimiters;
  /** Read the client's address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy?: boolean;
  /** How to email customers; without it, email is off and nothing is queued. */
  mail?: MailConfig | undefined;
}

export type RateLimiters = Record<keyof RateLimits, MiddlewareHandler>;

/** One limiter per kind of request, each counting per client address. */
export function createRateLimiters(deps: Pick<AppDeps, 'clock' | 'rateLimits' | 'trustProxy'>): RateLimiters {
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const limiter = (name: string, limit: RateLimit) =>
    rateLimit({
      ...limit,
      name,
      now: () => deps.clock().getTime(),
      clientKey: (c) => clientAddress(c, deps.trustProxy ?? false),
    });
  return {
    createTicket: limiter('ticket creation', limits.createTicket),
    suggest: limiter('suggestions', limits.suggest),
    replies: limiter('replies', limits.replies),
    feedback: limiter('feedback', limits.feedback),
  };
}

export type AppEnv = ApiEnv;

/** Request bodies above this are refused before they are read in full. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The agent routes that work without a session: signing in, and creating the first admin. */
function isPublicAgentRoute(method: string, path: string): boolean {
  return method === 'POST' && (path === '/api/agent/session' || path === '/api/agent/setup');
}

/** The JSON 404 every unknown `/api` route answers with. */
export function apiNotFound(c: Context) {
  return c.json({ error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404);
}

/**
 * The Docket HTTP API (`/api/*`). No Astro imports: the API answers on bare Hono, in-process tests call
 * `app.request()`, and `api/server.ts` mounts it in front of the help center.
 */
export function createApp(deps: AppDeps) {
  const limiters = deps.limiters ?? createRateLimiters(deps);

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('/api/*', requestId());
  app.use(
    '/api/*',
    readBody({
      maxSize: BODY_LIMIT_BYTES,
      onTooLarge: (c) =>
        c.json({ error: 'payload_too_large', message: `The request body is over ${BODY_LIMIT_BYTES / 1024} KB.` }, 413),
    }),
  );
  app.on('POST', '/api/tickets', limiters.createTicket);
  app.on('GET', '/api/suggest', limiters.suggest);
  app.on('POST', ['/api/tickets/:number/replies', '/api/tickets/:number/solve'], limiters.replies);
  app.on('POST', ['/api/feedback', '/api/deflection-events'], limiters.feedback);

  // The agent API: same-origin only for changes (CSRF), a session for everything but signing in.
  app.use('/api/agent/*', sameOriginOnly());
  const agentSession = requireAgent({ db: deps.db, clock: deps.clock, trustProxy: deps.trustProxy ?? false });
  app.use('/api/agent/*', (c, next) => (isPublicAgentRoute(c.req.method, c.req.path) ? next() : agentSession(c, next)));
  app.use('/api/agent/agents', requireAdmin());
  app.use('/api/agent/agents/*', requireAdmin());
  app.on(['POST', 'PATCH', 'DELETE'], ['/api/agent/canned-replies', '/api/agent/canned-replies/*'], requireAdmin());
  app.openAPIRegistry.registerComponent('securitySchemes', AGENT_SESSION_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: 'docket_session',
    description: 'The session cookie set by POST /api/agent/session. Changes also need a same-origin Origin header.',
  });

  app.get('/api/health', (c) => c.json({ status: 'ok', time: deps.clock().toISOString() }));
  app.route('/', ticketRoutes(deps));
  app.route('/', customerTicketRoutes(deps));
  app.route('/', suggestRoutes(deps));
  app.route('/', feedbackRoutes(deps));
  app.route('/', agentAuthRoutes({ db: deps.db, clock: deps.clock, trustProxy: deps.trustProxy ?? false }));
  app.route('/', agentTicketRoutes(deps));
  app.route('/', cannedReplyRoutes(deps));
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Docket API',
      version: '1',
      description: 'Tickets, article suggestions and feedback for the Docket help desk.',
    },
  });

  app.notFound(apiNotFound);
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const code = error.status === 400 ? 'bad_request' : 'error';
      return c.json({ error: code, message: error.message }, error.status);
    }
    // Our mistake, not the client's: log it with the request id, answer without details.
    console.error(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}:`, error);
    return c.json({ error: 'internal_error', message: 'Something went wrong on our side.', requestId: c.get('requestId') }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
