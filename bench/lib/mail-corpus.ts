import iconv from 'iconv-lite';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { createRandom, type Random } from './random';
import { ENGLISH, RUSSIAN } from './vocabulary';
import { createWriter } from './writer';

/**
 * Customers' email to the support address, as their mail clients would send it (composed by nodemailer's
 * MailComposer), for the mail benchmark: new requests in plain text, HTML only or with a small attachment, in
 * English and Russian (a few in KOI8-R or Windows-1251, some of those without a declared charset), replies to
 * our notifications quoting them, and out-of-office answers. The same seed always writes the same mail.
 */

/** How a mail is written; the benchmark prints how many of each it sent. */
export type MailKind =
  'plain text' | 'HTML only' | 'with an attachment' | 'KOI8-R' | 'Windows-1251' | 'charset undeclared' | 'reply' | 'auto-reply';

export interface Sender {
  name: string;
  address: string;
  russian: boolean;
}

export interface ComposedMail {
  kind: MailKind;
  raw: Buffer;
  sender: Sender;
  subject: string;
  /** The text the customer wrote, as the web form would take it. */
  text: string;
  russian: boolean;
}

/** What a reply answers: one of our notifications, as the outbox holds it. */
export interface AnsweredEmail {
  messageId: string;
  references: string | null;
  subject: string;
  text: string;
  /** Our tagged reply address, `support+t42@…`. */
  replyTo: string;
  to: { name: string; address: string };
}

const SHARES = { russianSender: 0.12, html: 0.14, attachment: 0.12, legacyCharset: 0.3, colleague: 0.1, htmlReply: 0.5 };
const DAY_START = Date.UTC(2026, 10, 27, 7);

const EN_FIRST =
  'Ada Alan Grace Linus Margaret Ken Barbara Dennis Frances Edsger Radia Donald Anita John Sophie Mary Tim Hedy'.split(' ');
const EN_LAST = 'Lovelace Turing Hopper Torvalds Hamilton Thompson Liskov Ritchie Allen Dijkstra Perlman Knuth Borg Lamarr'.split(
  ' ',
);
const RU_NAMES: Array<[string, string]> = [
  ['Иван', 'ivan'],
  ['Ольга', 'olga'],
  ['Анна', 'anna'],
  ['Сергей', 'sergey'],
  ['Мария', 'maria'],
  ['Дмитрий', 'dmitry'],
  ['Елена', 'elena'],
  ['Алексей', 'alexey'],
  ['Татьяна', 'tatiana'],
  ['Павел', 'pavel'],
];
const RU_SURNAMES: Array<[string, string]> = [
  ['Петров', 'petrov'],
  ['Смирнов', 'smirnov'],
  ['Кузнецов', 'kuznetsov'],
  ['Попов', 'popov'],
  ['Соколов', 'sokolov'],
  ['Лебедев', 'lebedev'],
  ['Козлов', 'kozlov'],
  ['Новиков', 'novikov'],
];
const EN_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'studio.example', 'corp.example'];
const RU_DOMAINS = ['pochta.example', 'firma.example', 'yandex.example'];

const EN_WORDING = {
  greetings: ['Hi,', 'Hello,', 'Hi there,', 'Hello support team,', 'Good morning,', 'Dear support,'],
  closings: ['Thanks,', 'Thank you!', 'Best regards,', 'Cheers,', 'Kind regards,'],
  subjects: [
    (p: string) => `Problem with ${p}`,
    (p: string) => `Question about ${p}`,
    (p: string) => `${p} not working`,
    (p: string) => `Can't change ${p}`,
    (p: string) => `Help: ${p}`,
    (p: string) => `URGENT ${p}`,
    (p: string) => p,
  ],
  mobile: 'Sent from my iPhone',
  wrote: (date: string, name: string, address: string) => `On ${date}, ${name} <${address}> wrote:`,
  away: (name: string) =>
    `Thank you for your message. I am out of the office until Monday with limited access to email.\n\n${name}`,
  autoSubject: 'Automatic reply:',
};
const RU_WORDING = {
  greetings: ['Здравствуйте!', 'Добрый день!', 'Добрый день,', 'Привет,'],
  closings: ['Спасибо,', 'С уважением,', 'Заранее спасибо,'],
  subjects: [
    (p: string) => `Проблема: ${p}`,
    (p: string) => `Вопрос про ${p}`,
    (p: string) => `Не работает ${p}`,
    (p: string) => `Помогите: ${p}`,
    (p: string) => p,
  ],
  mobile: 'Отправлено с iPhone',
  wrote: (date: string, name: string, address: string) => `${date}, ${name} <${address}> пишет:`,
  away: (name: string) => `Спасибо за письмо. Я в отпуске до понедельника, отвечу после возвращения.\n\n${name}`,
  autoSubject: 'Автоответ:',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
const capitalize = (text: string) => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;

export function createMailCorpus(options: { seed: number; senders: number; supportAddress: string }) {
  const random = createRandom(options.seed);
  const english = createWriter(ENGLISH, random);
  const russian = createWriter(RUSSIAN, random);
  const senders = createSenders(random, options.senders);
  let sequence = 0;
  let clock = DAY_START;

  /** A Message-ID and a date a few seconds after the previous mail's, as a busy morning's mail would have. */
  function envelope(sender: Sender) {
    sequence += 1;
    const id = Array.from({ length: 4 }, () => random.int(0, 0xffff).toString(16).padStart(4, '0')).join('');
    return {
      messageId: `<${id}.${sequence}@${sender.address.slice(sender.address.indexOf('@') + 1)}>`,
      date: new Date((clock += random.int(5_000, 40_000))),
    };
  }

  function paragraphs(isRussian: boolean, count: number): string[] {
    const writer = isRussian ? russian : english;
    return Array.from({ length: count }, () => writer.body(random.int(12, 60)));
  }

  /** Greeting, what happened, closing and a signature: the customer's own words. */
  function letter(sender: Sender, body: string[]): string {
    const wording = sender.russian ? RU_WORDING : EN_WORDING;
    const firstName = sender.name.split(' ')[0] ?? sender.name;
    const signature = random.chance(0.2)
      ? `\n\n${wording.mobile}`
      : random.chance(0.4)
        ? `\n\n-- \n${sender.name}\n${capitalize((sender.russian ? russian : english).phrase(2))}\n+1 555 01${random.int(10, 99)}`
        : '';
    return `${random.pick(wording.greetings)}\n\n${body.join('\n\n')}\n\n${random.pick(wording.closings)}\n${firstName}${signature}`;
  }

  function html(text: string): string {
    const blocks = text.split('\n\n').map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`);
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>p{margin:0 0 1em}</style></head><body><div dir="ltr" style="font-family:Arial,sans-serif">${blocks.join('')}</div></body></html>`;
  }

  function subjectFor(isRussian: boolean): string {
    const wording = isRussian ? RU_WORDING : EN_WORDING;
    if (random.chance(0.01)) return '';
    return capitalize(random.pick(wording.subjects)((isRussian ? russian : english).phrase(random.int(1, 4))));
  }

  function attachment(): Mail.Attachment {
    const size = random.int(2_000, 8_000);
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = random.int(0, 255);
    switch (random.int(0, 3)) {
      case 0:
        return { filename: `screenshot-${random.int(1, 999)}.png`, contentType: 'image/png', content: bytes };
      case 1:
        return { filename: `invoice-${random.int(1000, 9999)}.pdf`, contentType: 'application/pdf', content: bytes };
      case 2: {
        const rows = Array.from(
          { length: Math.ceil(size / 40) },
          (_, i) => `${i + 1},INV-${random.int(1000, 9999)},${random.int(1, 9999)}.00`,
        );
        return { filename: 'export.csv', contentType: 'text/csv', content: `number,invoice,amount\n${rows.join('\n')}\n` };
      }
      default: {
        const lines = Array.from(
          { length: Math.ceil(size / 60) },
          (_, i) => `2026-11-27T08:${String(i % 60).padStart(2, '0')}:00Z ERROR sync failed (code ${random.int(400, 599)})`,
        );
        return { filename: 'error.log', contentType: 'text/plain', content: lines.join('\n') };
      }
    }
  }

  function compose(mail: Mail.Options): Promise<Buffer> {
    return new MailComposer({ to: options.supportAddress, ...mail }).compile().build();
  }

  /**
   * A mail in an old Russian 8-bit charset. Declared, nodemailer writes it (base64, as it does any 8-bit text);
   * undeclared is what old clients sent: raw 8-bit bytes and no charset anywhere, which nodemailer cannot write
   * (it always encodes 8-bit text), so those few are put together by hand.
   */
  function legacy(base: Mail.Options, sender: Sender, text: string, charset: 'koi8-r' | 'windows-1251', declared: boolean) {
    const encodedWord = (value: string) => `=?${charset.toUpperCase()}?B?${iconv.encode(value, charset).toString('base64')}?=`;
    const subject = base.subject ? encodedWord(String(base.subject)) : '';
    const body = iconv.encode(text.replace(/\n/g, '\r\n'), charset);
    if (declared) {
      return compose({
        ...base,
        subject: undefined,
        headers: { Subject: { prepared: true, value: subject } },
        alternatives: [{ contentType: `text/plain; charset=${charset}`, content: body }],
      });
    }
    const headers = [
      `From: ${encodedWord(sender.name)} <${sender.address}>`,
      `To: ${options.supportAddress}`,
      `Subject: ${subject}`,
      `Date: ${(base.date as Date).toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: ${base.messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: 8bit',
    ];
    return Promise.resolve(Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), body]));
  }

  return {
    /** A request for help from one of the senders: a new ticket. */
    async newMail(): Promise<ComposedMail> {
      const sender = random.pick(senders);
      const subject = subjectFor(sender.russian);
      const text = letter(sender, paragraphs(sender.russian, random.int(1, 3)));
      const { messageId, date } = envelope(sender);
      const base: Mail.Options = { from: { name: sender.name, address: sender.address }, subject, messageId, date };
      let kind: MailKind;
      let raw: Buffer;
      if (sender.russian && random.chance(SHARES.legacyCharset)) {
        const charset = random.chance(0.5) ? 'koi8-r' : 'windows-1251';
        const declared = random.chance(0.7);
        kind = declared ? (charset === 'koi8-r' ? 'KOI8-R' : 'Windows-1251') : 'charset undeclared';
        raw = await legacy(base, sender, text, charset, declared);
      } else if (random.chance(SHARES.html)) {
        kind = 'HTML only';
        raw = await compose({ ...base, html: html(text) });
      } else if (random.chance(SHARES.attachment)) {
        kind = 'with an attachment';
        raw = await compose({ ...base, text, attachments: [attachment()] });
      } else {
        kind = 'plain text';
        raw = await compose({ ...base, text });
      }
      return { kind, raw, sender, subject, text, russian: sender.russian };
    },

    /** The customer (or, sometimes, a colleague they work with) answers our email, quoting it below. */
    async reply(to: AnsweredEmail): Promise<ComposedMail> {
      const customer = senders.find((sender) => sender.address === to.to.address);
      const isRussian = customer?.russian ?? false;
      const sender = !customer || random.chance(SHARES.colleague) ? random.pick(senders) : customer;
      const wording = isRussian ? RU_WORDING : EN_WORDING;
      const text = letter(sender, paragraphs(isRussian, random.int(1, 2)));
      const quoteHeader = wording.wrote('Fri, 27 Nov 2026 at 09:12', 'Support', options.supportAddress);
      const quoted = `${text}\n\n${quoteHeader}\n${to.text
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n')}`;
      const { messageId, date } = envelope(sender);
      const subject = `Re: ${to.subject}`;
      const reply: Mail.Options = {
        from: { name: sender.name, address: sender.address },
        to: to.replyTo,
        subject,
        messageId,
        date,
        inReplyTo: to.messageId,
        references: [...(to.references ? to.references.split(/\s+/) : []), to.messageId],
        text: quoted,
      };
      if (random.chance(SHARES.htmlReply)) {
        reply.html = `${html(text)}<div class="gmail_quote"><div>${escapeHtml(quoteHeader)}</div><blockquote>${html(to.text)}</blockquote></div>`;
      }
      return { kind: 'reply', raw: await compose(reply), sender, subject, text, russian: isRussian };
    },

    /** An out-of-office answer to our email: it must not open a ticket or add a reply. */
    async autoReply(to: AnsweredEmail): Promise<ComposedMail> {
      const sender = senders.find((candidate) => candidate.address === to.to.address) ?? random.pick(senders);
      const wording = sender.russian ? RU_WORDING : EN_WORDING;
      const { messageId, date } = envelope(sender);
      const subject = `${wording.autoSubject} ${to.subject}`;
      const text = wording.away(sender.name);
      const raw = await compose({
        from: { name: sender.name, address: sender.address },
        to: to.replyTo,
        subject,
        messageId,
        date,
        inReplyTo: to.messageId,
        references: to.messageId,
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
        text,
      });
      return { kind: 'auto-reply', raw, sender, subject, text, russian: sender.russian };
    },

    /** A deterministic shuffle, for mixing kinds of mail the way they arrive. */
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
    random,
  };
}

/** People who write to support: most in English, some in Russian, each with an address of their own. */
function createSenders(random: Random, count: number): Sender[] {
  const senders: Sender[] = [];
  const taken = new Set<string>();
  while (senders.length < count) {
    const isRussian = random.chance(SHARES.russianSender);
    let name: string;
    let local: string;
    let domain: string;
    if (isRussian) {
      const [first, firstLatin] = random.pick(RU_NAMES);
      const [last, lastLatin] = random.pick(RU_SURNAMES);
      const feminine = /[аяь]$/.test(first) ? 'a' : '';
      name = `${first} ${last}${feminine ? 'а' : ''}`;
      local = `${firstLatin}.${lastLatin}${feminine}`;
      domain = random.pick(RU_DOMAINS);
    } else {
      const first = random.pick(EN_FIRST);
      const last = random.pick(EN_LAST);
      name = `${first} ${last}`;
      local = random.chance(0.5) ? `${first}.${last}`.toLowerCase() : `${first[0]}${last}`.toLowerCase();
      domain = random.pick(EN_DOMAINS);
    }
    let address = `${local}@${domain}`;
    for (let n = 2; taken.has(address); n++) address = `${local}${n}@${domain}`;
    taken.add(address);
    senders.push({ name, address, russian: isRussian });
  }
  return senders;
}
