import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId, type RequestIdVariables } from 'hono/request-id';

/** What the API needs from the outside world; tests pass their own. */
export interface AppDeps {
  /** The current time; tests pass a fixed clock. */
  clock: () => Date;
}

export type AppEnv = { Variables: RequestIdVariables };

/** The JSON 404 every unknown `/api` route answers with. */
export function apiNotFound(c: Context) {
  return c.json({ error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404);
}

/**
 * The Docket HTTP API (`/api/*`). No Astro imports: the API answers on bare Hono, in-process tests call
 * `app.request()`, and `api/server.ts` mounts it in front of the help center.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
    .use('/api/*', requestId())
    .get('/api/health', (c) => c.json({ status: 'ok', time: deps.clock().toISOString() }));

  app.notFound(apiNotFound);
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      return c.json({ error: error.status === 400 ? 'bad_request' : 'error', message: error.message }, error.status);
    }
    // Our mistake, not the client's: log it with the request id, answer without details.
    console.error(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path}:`, error);
    return c.json({ error: 'internal_error', message: 'Something went wrong on our side.', requestId: c.get('requestId') }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
