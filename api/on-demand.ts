import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SuggestionIndex } from './deflection';
import type { MailConfig } from './mail/config';
import type { MailboxStatus } from './mail/imap-poller';
import { isSameOrigin } from './http/csrf';
import { RATE_LIMITED_FOR } from './http/rate-limit';

/** What on-demand pages get from the server (Astro's `locals.docket`). */
export interface PageServices {
  db: Kysely<Database>;
  clock: () => Date;
  suggestions: SuggestionIndex;
  /** Whether X-Forwarded-For/-Proto come from a proxy the operator runs (client address, https). */
  trustProxy: boolean;
  /** How to email customers; undefined when email is off. */
  mail?: MailConfig | undefined;
  /** How reading the support mailbox goes; undefined when inbound email is off. */
  mailbox?: { status(): MailboxStatus } | undefined;
  /** Set on a form post over its rate limit: seconds until the client may send again. */
  rateLimitedFor?: number;
}

/** The request handler `@astrojs/node` builds in middleware mode. */
export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
  locals: { docket: PageServices },
) => Promise<void>;

/**
 * Pages rendered per request rather than at build: the contact form, ticket status pages, the customer's "your tickets"
 * link and list, and the agent workspace. Only these go to Astro; everything else is a static file or the API, so no
 * request pays for Astro it doesn't need.
 */
export const ON_DEMAND_PATHS = [
  '/contact',
  '/ru/contact',
  '/tickets',
  '/ru/tickets',
  '/tickets/access',
  '/ru/tickets/access',
  '/tickets/mine',
  '/ru/tickets/mine',
  '/tickets/:number',
  '/ru/tickets/:number',
  '/agent',
  '/agent/login',
  '/agent/logout',
  '/agent/setup',
  '/agent/account',
  '/agent/agents',
  '/agent/tickets/:number',
  '/agent/canned-replies',
  '/agent/email',
];

/** Loads the Astro handler from a build's `dist/server/entry.mjs`, or undefined when there is none. */
export async function loadAstroHandler(entry: string): Promise<AstroHandler | undefined> {
  if (!existsSync(entry)) return undefined;
  const module = (await import(pathToFileURL(entry).href)) as { handler: AstroHandler };
  return module.handler;
}

/** A Hono handler that hands the raw Node request to Astro and lets Astro write the response. */
export function renderOnDemand(handler: AstroHandler, services: PageServices) {
  return async (c: Context<{ Bindings: HttpBindings; Variables: { [RATE_LIMITED_FOR]?: number } }>) => {
    if (c.req.method === 'POST' && !isSameOrigin(c)) {
      return c.text('This form can only be sent from this site.', 403);
    }
    // These pages take their own forms only; anything else would fail deep inside the page as a 500.
    if (
      c.req.method === 'POST' &&
      !/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(c.req.header('Content-Type') ?? '')
    ) {
      return c.text('This page takes form posts only (application/x-www-form-urlencoded or multipart/form-data).', 415);
    }
    const { incoming, outgoing } = c.env;
    await new Promise<void>((resolve, reject) => {
      const next = (error?: unknown) => (error ? reject(error) : resolve());
      const rateLimitedFor = c.get(RATE_LIMITED_FOR);
      handler(incoming, outgoing, next, { docket: rateLimitedFor ? { ...services, rateLimitedFor } : services }).then(
        resolve,
        reject,
      );
    });
    return RESPONSE_ALREADY_SENT;
  };
}
