import { MIN_FILL_MS, NewTicketSchema } from '../../api/routes/tickets';
import { createTicket } from '../../api/services/tickets';
import type { PageServices } from '../../api/on-demand';
import type { Locale } from '../i18n/locales';
import { urls } from './urls';

/** What the customer typed, kept to fill the form in again when something is wrong. */
export type ContactValues = Record<'name' | 'email' | 'category' | 'subject' | 'message', string>;

export type ContactResult =
  | { kind: 'created'; location: string }
  | {
      kind: 'invalid';
      values: ContactValues;
      errors: Partial<Record<keyof ContactValues, string>>;
      spam: boolean;
      /** Over the per-address limit: minutes until the customer may send again; what they typed is kept. */
      limitedMinutes?: number;
    };

/**
 * The contact form posted without JavaScript: the same schema and service as `POST /api/tickets`, then
 * either the new ticket's status page (with its key, shown once) or the form again with every value kept
 * and a message beside each wrong field.
 */
export async function submitContactForm(form: FormData, locale: Locale, services: PageServices): Promise<ContactResult> {
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const values: ContactValues = {
    name: field('name'),
    email: field('email'),
    category: field('category'),
    subject: field('subject'),
    message: field('message'),
  };
  if (services.rateLimitedFor) {
    return { kind: 'invalid', values, errors: {}, spam: false, limitedMinutes: Math.ceil(services.rateLimitedFor / 60) };
  }
  const parsed = NewTicketSchema.safeParse({
    ...values,
    locale,
    website: field('website') || undefined,
    started_at: field('started_at') || undefined,
  });
  if (!parsed.success) {
    const errors: Partial<Record<keyof ContactValues, string>> = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      if (typeof name === 'string' && name in values) errors[name as keyof ContactValues] ??= issue.message;
    }
    return { kind: 'invalid', values, errors, spam: false };
  }
  const now = services.clock();
  const input = parsed.data;
  if (input.website || (input.started_at !== undefined && now.getTime() - input.started_at < MIN_FILL_MS)) {
    return { kind: 'invalid', values, errors: {}, spam: true };
  }
  const { ticket, key } = await createTicket(
    services.db,
    now,
    {
      name: input.name,
      email: input.email,
      subject: input.subject,
      message: input.message,
      category: input.category,
      locale,
      channel: 'web',
    },
    services.mail,
  );
  return { kind: 'created', location: `${urls.ticket(locale, ticket.id)}?key=${encodeURIComponent(key)}&created=1` };
}
