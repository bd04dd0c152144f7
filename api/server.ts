import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { DEFAULT_LOCALE, LOCALES } from '../src/i18n/locales';
import type { Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../db/connection';
import type { Database } from '../db/schema';
import { apiNotFound, createApp, createRateLimiters, type RateLimits } from './app';
import { createSuggestionIndex, readBuiltArticles, SUGGESTION_ARTICLES_FILE, type SuggestionIndex } from './deflection';
import { loadAstroHandler, ON_DEMAND_PATHS, renderOnDemand, type AstroHandler } from './on-demand';
import { offerSetupToken } from './auth/setup';
import { inboundConfigFromEnv, mailConfigFromEnv, type MailConfig } from './mail/config';
import { createImapPoller, type ImapPoller } from './mail/imap-poller';
import { createOutboxSender } from './mail/outbox';
import { pruneFailedSignIns } from './auth/throttle';
import { deleteExpiredSessions } from '../db/repositories/sessions';
import { pruneCustomerAccess } from './services/customer-links';
import { loadServerConfig } from './config';
import { serveBuild } from './static/serve-build';

/** Where `astro build` writes the help center, and the handler for its on-demand pages. */
export const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));
const SERVER_ENTRY = fileURLToPath(new URL('../dist/server/entry.mjs', import.meta.url));
/** The published articles as the build recorded them for suggestions. */
const SUGGESTION_ARTICLES = fileURLToPath(new URL(`../dist/server/${SUGGESTION_ARTICLES_FILE}`, import.meta.url));

/**
 * The whole of Docket as one Hono app: the API under `/api`, the static help center for everything else.
 * The API is answered before any static lookup, so it never pays for the file system.
 */
export function createServer(options: {
  clientDir: string;
  db: Kysely<Database>;
  suggestions: SuggestionIndex;
  trustProxy?: boolean;
  rateLimits?: RateLimits;
  /** Renders the on-demand pages; without it (no build, or unit tests) they are 404s. */
  astroHandler?: AstroHandler;
  /** Adds `GET /__bench/hello`, a route with nothing behind it, as bench:api's same-server baseline. */
  benchHello?: boolean;
  /** How to email customers; undefined when email is off. */
  mail?: MailConfig | undefined;
  /** The support mailbox's reader, for the admins' Email page; undefined when inbound email is off. */
  mailbox?: ImapPoller | undefined;
}) {
  const clock = () => new Date();
  const limiters = createRateLimiters({
    clock,
    trustProxy: options.trustProxy ?? false,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  const api = createApp({
    limiters,
    db: options.db,
    suggestions: options.suggestions,
    clock,
    trustProxy: options.trustProxy ?? false,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    mail: options.mail,
  });
  const serveHelpCenter = serveBuild({
    root: options.clientDir,
    localePrefixes: LOCALES.filter((locale) => locale !== DEFAULT_LOCALE),
  });
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
  const server = new Hono<{ Bindings: HttpBindings }>();
  // Registered first, so no middleware runs before it: the cost of the server itself.
  if (options.benchHello) server.get('/__bench/hello', (c) => c.text('hello'));
  server.use('*', (c, next) => (isApi(c.req.path) ? next() : serveHelpCenter(c, next))).route('/', api);
  if (options.astroHandler) {
    const services = {
      db: options.db,
      clock,
      suggestions: options.suggestions,
      trustProxy: options.trustProxy ?? false,
      mail: options.mail,
      mailbox: options.mailbox,
    };
    const render = renderOnDemand(options.astroHandler, services);
    // The forms open tickets and add replies just as the API does, and count against the same limits.
    server.on('POST', ['/contact', '/ru/contact'], limiters.createTicket);
    server.on('POST', ['/tickets/:number{[0-9]+}', '/ru/tickets/:number{[0-9]+}'], limiters.replies);
    // Asking for a "your tickets" link and using one are the customer's own actions too, limited with replies
    // (which also caps guesses at the link's token).
    server.on('POST', ['/tickets', '/ru/tickets', '/tickets/access', '/ru/tickets/access'], limiters.replies);
    for (const path of ON_DEMAND_PATHS) server.on(['GET', 'POST'], path, render);
  }
  // A sub-app's notFound isn't consulted once mounted; the help center's 404 page replaces this for non-API paths.
  server.notFound((c) => (isApi(c.req.path) ? apiNotFound(c) : c.text('Not found', 404)));
  return server;
}

/** How often the outbox is checked for email to send. */
const OUTBOX_INTERVAL_MS = 1_000;

/** Starts Docket on `HOST:PORT` and resolves with the URL it listens on. */
export async function startServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const config = loadServerConfig();
  if (!existsSync(CLIENT_DIR)) {
    throw new Error('The help center is not built yet: run `npm run build` (or `npm start`, which builds it).');
  }
  const db = openDatabase(config.DATABASE_URL);
  const applied = await migrateToLatest(db);
  if (applied.length > 0) console.log(`Database migrated: ${applied.join(', ')}`);
  const started = performance.now();
  const articles = await readBuiltArticles(SUGGESTION_ARTICLES);
  const suggestions = createSuggestionIndex(articles);
  console.log(`Indexed ${articles.length} articles for suggestions in ${Math.round(performance.now() - started)} ms`);
  const mail = mailConfigFromEnv(process.env, config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`);
  const outbox = mail ? createOutboxSender({ db, mail, clock: () => new Date() }) : undefined;
  console.log(
    mail
      ? `Email is on: notifications go through ${new URL(mail.smtpUrl).host} from ${mail.fromAddress}.`
      : 'Email is off: set SMTP_URL and MAIL_FROM to email customers (see the README).',
  );
  const inbound = inboundConfigFromEnv(process.env, mail);
  const mailbox = mail && inbound ? createImapPoller({ db, mail, inbound, clock: () => new Date() }) : undefined;
  if (inbound)
    console.log(`Reading the support mailbox ${inbound.user} at ${inbound.host}:${inbound.port} (${inbound.mailbox}).`);
  const app = createServer({
    mail,
    mailbox,
    clientDir: CLIENT_DIR,
    db,
    suggestions,
    trustProxy: config.TRUST_PROXY,
    astroHandler: await loadAstroHandler(SERVER_ENTRY),
    benchHello: process.env.DOCKET_BENCH_HELLO === '1',
    rateLimits: {
      createTicket: config.RATE_LIMIT_TICKETS,
      suggest: config.RATE_LIMIT_SUGGEST,
      replies: config.RATE_LIMIT_REPLIES,
      feedback: config.RATE_LIMIT_FEEDBACK,
    },
  });
  // Sessions, sign-in counters and "your tickets" links that ran out while the server was down are of no use to anyone.
  await deleteExpiredSessions(db, Date.now());
  await pruneCustomerAccess(db, Date.now());
  await pruneFailedSignIns(db, Date.now());
  // While nobody can administer Docket, offer a one-time link to create the first admin.
  const setupToken = await offerSetupToken(db, Date.now());
  // The outbox is read every second; a round that finds the SMTP server down leaves the rest for later.
  const sending = setInterval(() => {
    outbox?.sendDue().catch((error: unknown) => console.error('Sending email failed:', error));
  }, OUTBOX_INTERVAL_MS);
  sending.unref();
  // The mailbox is read at start, whenever the IMAP server says mail came, and every IMAP_POLL_SECONDS.
  const readMailbox = () => {
    mailbox?.poll().catch((error: unknown) => console.error(`Reading the support mailbox failed: ${errorMessage(error)}`));
  };
  readMailbox();
  const reading = inbound ? setInterval(readMailbox, inbound.pollMs) : undefined;
  reading?.unref();
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const shownHost = config.HOST === 'localhost' ? 'localhost' : host;
      if (setupToken) {
        const base = config.PUBLIC_URL ?? `http://${shownHost}:${info.port}`;
        console.log(
          `No admin yet. Create the first admin account (this link works once, for 24 hours):\n  ${new URL(`/agent/setup?token=${setupToken}`, base).href}\n` +
            'Or from a shell: npm run agent:create -- --email you@example.com --name "Your Name" --role admin',
        );
      }
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise((done) => {
            clearInterval(sending);
            clearInterval(reading);
            outbox?.close();
            void mailbox?.close();
            server.close(() => void db.destroy().then(done));
          }),
      });
    });
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  startServer()
    .then(({ url }) => console.log(`Docket is running at ${url}`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
