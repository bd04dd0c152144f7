import type { OutboxKind } from '../../db/schema';

/** The emails about one ticket; the "your tickets" link has its own template below. */
export type TicketNotificationKind = Exclude<OutboxKind, 'ticket_list_link'>;

/** What a notification says, before it is laid out as text and HTML. */
export interface NotificationContent {
  kind: TicketNotificationKind;
  locale: string;
  ticketId: number;
  subject: string;
  customerName: string;
  statusUrl: string;
  /** For an agent's reply: who wrote it and what. */
  agentName?: string;
  reply?: string;
}

interface Wording {
  subject: (c: NotificationContent) => string;
  paragraphs: (c: NotificationContent) => string[];
}

const EN: Record<TicketNotificationKind, Wording> = {
  ticket_received: {
    subject: (c) => `[#${c.ticketId}] We received your request: ${c.subject}`,
    paragraphs: (c) => [
      `Hi ${c.customerName},`,
      `Thanks for writing to us. Your request is ticket #${c.ticketId}, and we usually answer within one business day.`,
      `Follow it here (this link is private, keep it to yourself): ${c.statusUrl}`,
      'To add something, reply to this email.',
    ],
  },
  agent_replied: {
    subject: (c) => `[#${c.ticketId}] Re: ${c.subject}`,
    paragraphs: (c) => [
      `Hi ${c.customerName},`,
      `${c.agentName ?? 'Support'} replied to your ticket #${c.ticketId}:`,
      c.reply ?? '',
      `Reply to this email to answer, or see the whole conversation: ${c.statusUrl}`,
    ],
  },
  ticket_solved: {
    subject: (c) => `[#${c.ticketId}] Solved: ${c.subject}`,
    paragraphs: (c) => [
      `Hi ${c.customerName},`,
      `We've marked your ticket #${c.ticketId} as solved.`,
      `Still need help? Reply to this email, or open ${c.statusUrl} and reply there: the ticket reopens.`,
    ],
  },
};

const RU: Record<TicketNotificationKind, Wording> = {
  ticket_received: {
    subject: (c) => `[#${c.ticketId}] Мы получили ваше обращение: ${c.subject}`,
    paragraphs: (c) => [
      `Здравствуйте, ${c.customerName}!`,
      `Спасибо, что написали нам. Ваше обращение — тикет №${c.ticketId}; обычно мы отвечаем в течение рабочего дня.`,
      `Следить за ним можно по этой личной ссылке (не передавайте её другим): ${c.statusUrl}`,
      'Чтобы что-то добавить, ответьте на это письмо.',
    ],
  },
  agent_replied: {
    subject: (c) => `[#${c.ticketId}] Re: ${c.subject}`,
    paragraphs: (c) => [
      `Здравствуйте, ${c.customerName}!`,
      `${c.agentName ?? 'Поддержка'} ответил(а) на ваш тикет №${c.ticketId}:`,
      c.reply ?? '',
      `Ответьте на это письмо или откройте всю переписку: ${c.statusUrl}`,
    ],
  },
  ticket_solved: {
    subject: (c) => `[#${c.ticketId}] Решено: ${c.subject}`,
    paragraphs: (c) => [
      `Здравствуйте, ${c.customerName}!`,
      `Мы отметили ваш тикет №${c.ticketId} как решённый.`,
      `Нужна ещё помощь? Ответьте на это письмо или откройте ${c.statusUrl} и напишите там — тикет откроется снова.`,
    ],
  },
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** An email as it goes out: subject, plain text, and HTML. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Lays paragraphs out as text and as HTML with everything escaped, the one link made clickable. */
function layOut(locale: string, subject: string, paragraphs: string[], link: string): RenderedEmail {
  const html = paragraphs
    .map((paragraph) => {
      const escaped = escapeHtml(paragraph).replaceAll('\n', '<br>');
      const escapedLink = escapeHtml(link);
      return `<p>${escaped.replace(escapedLink, `<a href="${escapedLink}">${escapedLink}</a>`)}</p>`;
    })
    .join('\n');
  return {
    subject: subject.replace(/[\r\n]+/g, ' '),
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="${locale === 'ru' ? 'ru' : 'en'}"><body>\n${html}\n</body></html>\n`,
  };
}

/** The email in the ticket's language: subject, plain text, and HTML with everything customer-written escaped. */
export function renderNotification(content: NotificationContent): RenderedEmail {
  const wording = (content.locale === 'ru' ? RU : EN)[content.kind];
  return layOut(content.locale, wording.subject(content), wording.paragraphs(content), content.statusUrl);
}

/** What the "your tickets" email says: whom it greets, the single-use link, and how long it lasts. */
export interface TicketListLinkContent {
  locale: string;
  customerName: string;
  url: string;
  minutes: number;
}

/** The "your tickets" link a customer asked for on /tickets, in the language of the page they asked on. */
export function renderTicketListLink(content: TicketListLinkContent): RenderedEmail {
  const { customerName, url, minutes } = content;
  if (content.locale === 'ru') {
    return layOut(
      content.locale,
      'Ссылка на ваши обращения',
      [
        `Здравствуйте, ${customerName}!`,
        `Кто-то (надеемся, что вы) попросил ссылку на все ваши обращения к нам. Она сработает один раз, в течение ${minutes} минут: ${url}`,
        'Если вы её не просили, просто не обращайте внимания на это письмо: без ссылки никто ваши обращения не увидит.',
      ],
      url,
    );
  }
  return layOut(
    content.locale,
    'Your link to your tickets',
    [
      `Hi ${customerName},`,
      `Someone (we hope you) asked for a link to all your tickets with us. It works once, within ${minutes} minutes: ${url}`,
      "If you didn't ask for it, you can ignore this email: nobody sees your tickets without the link.",
    ],
    url,
  );
}
