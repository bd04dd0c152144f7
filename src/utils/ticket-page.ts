import type { PageServices } from '../../api/on-demand';
import { findTicketOfCustomer } from '../../api/services/customer-links';
import {
  addCustomerReply,
  customerConversation,
  findTicketByKey,
  markSolvedByCustomer,
  TicketConflictError,
} from '../../api/services/tickets';
import type { Message, Ticket } from '../../db/schema';
import type { Locale } from '../i18n/locales';
import { urls } from './urls';

export type TicketPageResult =
  | { kind: 'not-found' }
  | { kind: 'redirect'; location: string }
  /** Over the reply limit (which also caps guesses at keys): no ticket is looked up; the typed reply comes back. */
  | { kind: 'limited'; minutes: number; draft: string }
  /** `key` is the status link's key, when that is what opened the page (not the customer's session). */
  | { kind: 'show'; ticket: Ticket; messages: Message[]; key: string | undefined; replyError?: string };

/**
 * The status page's request: a wrong key and a missing ticket are the same 404; a reply or "solved" is
 * posted back to the page and answered with a redirect to it, so reloading never sends twice. The page
 * opens with its private key, or without one for the customer whose session (from a "your tickets" link)
 * owns the ticket; anyone else's ticket is the same 404.
 */
export async function handleTicketPage(
  request: Request,
  number: string | undefined,
  locale: Locale,
  services: PageServices,
  /** The customer signed in through a "your tickets" link, if any. */
  customerId?: number,
) {
  if (request.method === 'POST' && services.rateLimitedFor) {
    const draft = String((await request.formData()).get('body') ?? '');
    return { kind: 'limited', minutes: Math.ceil(services.rateLimitedFor / 60), draft } satisfies TicketPageResult;
  }
  const url = new URL(request.url);
  const key = url.searchParams.get('key') ?? '';
  const id = /^\d{1,15}$/.test(number ?? '') ? Number(number) : undefined;
  const byKey = id !== undefined ? await findTicketByKey(services.db, id, key) : undefined;
  const ticket =
    byKey ?? (id !== undefined && customerId !== undefined ? await findTicketOfCustomer(services.db, id, customerId) : undefined);
  if (!ticket) return { kind: 'not-found' } satisfies TicketPageResult;

  // Opened by the session, the page and its forms need no key in their URL.
  const self = byKey ? `${urls.ticket(locale, ticket.id)}?key=${encodeURIComponent(key)}` : urls.ticket(locale, ticket.id);
  let replyError: string | undefined;
  if (request.method === 'POST') {
    const form = await request.formData();
    const action = form.get('action');
    try {
      if (action === 'solve') {
        await markSolvedByCustomer(services.db, services.clock(), ticket);
        return { kind: 'redirect', location: self } satisfies TicketPageResult;
      }
      const body = String(form.get('body') ?? '').trim();
      if (body.length > 0 && body.length <= 20_000) {
        await addCustomerReply(services.db, services.clock(), ticket, body);
        return { kind: 'redirect', location: `${self}#latest` } satisfies TicketPageResult;
      }
      replyError = 'empty';
    } catch (error) {
      if (!(error instanceof TicketConflictError)) throw error;
      return { kind: 'redirect', location: self } satisfies TicketPageResult;
    }
  }
  const messages = await customerConversation(services.db, ticket);
  return { kind: 'show', ticket, messages, key: byKey ? key : undefined, replyError } satisfies TicketPageResult;
}
