import type { OutboxKind } from '../../db/schema';

/** What a notification says, before it is laid out as text and HTML. */
export interface NotificationContent {
  kind: OutboxKind;
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

const EN: Record<OutboxKind, Wording> = {
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

const RU: Record<OutboxKind, Wording> = {
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

/** The email in the ticket's language: subject, plain text, and HTML with everything customer-written escaped. */
export function renderNotification(content: NotificationContent): { subject: string; text: string; html: string } {
  const wording = (content.locale === 'ru' ? RU : EN)[content.kind];
  const paragraphs = wording.paragraphs(content);
  const html = paragraphs
    .map((paragraph) => {
      const escaped = escapeHtml(paragraph).replaceAll('\n', '<br>');
      const link = escapeHtml(content.statusUrl);
      return `<p>${escaped.replace(link, `<a href="${link}">${link}</a>`)}</p>`;
    })
    .join('\n');
  return {
    subject: wording.subject(content).replace(/[\r\n]+/g, ' '),
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="${content.locale === 'ru' ? 'ru' : 'en'}"><body>\n${html}\n</body></html>\n`,
  };
}
