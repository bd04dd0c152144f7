import { z } from 'zod';
import type { PageServices } from '../../api/on-demand';
import {
  checkTicketListLink,
  customerTickets,
  endCustomerSession,
  requestTicketListLink,
  useTicketListLink,
  type CustomerSession,
} from '../../api/services/customer-links';
import type { Ticket } from '../../db/schema';
import type { Locale } from '../i18n/locales';
import { urls } from './urls';

/** The one field of the /tickets form; the message shown for a wrong one comes from the translations. */
export const TicketsRequestSchema = z.object({ email: z.string().trim().max(254).email() });

export type TicketsRequestResult =
  /** The form, empty or with what was typed; `invalid` when the address isn't one. */
  | { kind: 'form'; email: string; invalid: boolean }
  /** The same answer whether or not the address has tickets, or was throttled. */
  | { kind: 'sent'; email: string }
  /** Over the per-address limit on form posts: the form again, the address kept. */
  | { kind: 'limited'; email: string; minutes: number }
  | { kind: 'email-off' };

/**
 * `/tickets`: a customer asks for a link to all their tickets. Every valid address gets the same answer,
 * so the page never tells anyone which addresses have tickets here.
 */
export async function handleTicketsRequest(
  request: Request,
  locale: Locale,
  services: PageServices,
): Promise<TicketsRequestResult> {
  if (!services.mail) return { kind: 'email-off' };
  if (request.method !== 'POST') return { kind: 'form', email: '', invalid: false };
  const typed = (await request.formData()).get('email');
  const email = typeof typed === 'string' ? typed : '';
  if (services.rateLimitedFor) return { kind: 'limited', email, minutes: Math.ceil(services.rateLimitedFor / 60) };
  const parsed = TicketsRequestSchema.safeParse({ email });
  if (!parsed.success) return { kind: 'form', email, invalid: true };
  await requestTicketListLink(services.db, services.mail, { email: parsed.data.email, locale }, services.clock());
  return { kind: 'sent', email: parsed.data.email };
}

export type TicketLinkResult =
  /** A good link, opened (GET): a button posts it, so a mail scanner fetching the link doesn't use it up. */
  | { kind: 'confirm'; token: string }
  /** Used (POST): a session to set as a cookie, and the list to go to. */
  | { kind: 'opened'; sessionToken: string; expiresAt: number; location: string }
  | { kind: 'used' | 'expired' | 'unknown' }
  | { kind: 'limited'; token: string; minutes: number };

/** `/tickets/access?token=…`: GET only looks at the link; the button's POST uses it. */
export async function handleTicketLink(request: Request, locale: Locale, services: PageServices): Promise<TicketLinkResult> {
  const now = services.clock();
  if (request.method !== 'POST') {
    const token = new URL(request.url).searchParams.get('token') ?? '';
    const state = await checkTicketListLink(services.db, token, now);
    return state === 'opened' ? { kind: 'confirm', token } : { kind: state };
  }
  const posted = (await request.formData()).get('token');
  const token = typeof posted === 'string' ? posted : '';
  // The limit also caps guesses at tokens.
  if (services.rateLimitedFor) return { kind: 'limited', token, minutes: Math.ceil(services.rateLimitedFor / 60) };
  const used = await useTicketListLink(services.db, token, now);
  if (used.kind !== 'opened') return used;
  return { kind: 'opened', sessionToken: used.token, expiresAt: used.expiresAt, location: urls.myTickets(locale) };
}

export type MyTicketsResult =
  { kind: 'list'; tickets: Ticket[]; session: CustomerSession } | { kind: 'redirect'; location: string; signedOut: boolean };

/** `/tickets/mine`: the customer's tickets for a browser with a session; its POST signs out. */
export async function handleMyTickets(
  request: Request,
  locale: Locale,
  session: CustomerSession | undefined,
  services: PageServices,
): Promise<MyTicketsResult> {
  if (request.method === 'POST') {
    if (session) await endCustomerSession(services.db, session.id);
    return { kind: 'redirect', location: `${urls.tickets(locale)}?signed-out=1`, signedOut: true };
  }
  if (!session) return { kind: 'redirect', location: urls.tickets(locale), signedOut: false };
  return { kind: 'list', tickets: await customerTickets(services.db, session.customerId), session };
}
