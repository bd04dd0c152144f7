/**
 * Inbound email text, made fit for a ticket: a customer's reply without the quoted history and the
 * signature, a subject without `Re:`/`Fwd:`, a locale guess and a name to greet the customer by.
 *
 * Input is plain text, already decoded; HTML mail arrives here as html-to-text output, where a
 * `<blockquote>` became `>` lines and an Outlook header block became `From:`/`Sent:` lines.
 * Everything here is pure: no I/O, no clock.
 */
import type { Locale } from '../../src/i18n/locales';

// ---------------------------------------------------------------------------------------------------
// Lines

/** The standard signature delimiter (RFC 3676 §4.3). Its trailing space is what makes it one. */
const SIGNATURE_DELIMITER = '-- ';

/** A delimiter whose trailing space was kept by the client (some send a no-break space instead). */
const RAW_SIGNATURE_DELIMITER = /^--[ \t\u00a0]+$/;

/**
 * The text as lines: CRLF and CR become LF, trailing whitespace goes, except on a signature delimiter,
 * which is kept as `-- ` because without its space it means something weaker.
 */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    lines.push(RAW_SIGNATURE_DELIMITER.test(raw) ? SIGNATURE_DELIMITER : raw.trimEnd());
  }
  return lines;
}

/** Lines back to text: no trailing whitespace, at most two blank lines in a row, no blank ends. */
function joinLines(lines: readonly string[]): string {
  const text = lines.map((line) => line.trimEnd()).join('\n');
  return text.replace(/\n{4,}/g, '\n\n\n').trim();
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** A line of quoted text: `> …`, as every client writes it in plain text and html-to-text writes a blockquote. */
function isQuote(line: string): boolean {
  return /^\s*>/.test(line);
}

/** The index of the last non-blank line before `index`, or -1. */
function previousNonBlank(lines: readonly string[], index: number): number {
  for (let i = index - 1; i >= 0; i--) {
    if (!isBlank(lines[i] ?? '')) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------
// Quote headers: the line a client writes above the quoted message. Gmail wraps a long one over two
// lines, html-to-text wraps at 80 characters, so a header is matched on up to three lines joined.

/** Gmail, Apple Mail and Thunderbird in English: `On Tue, 3 Mar 2026 at 10:12, Support <…> wrote:`. */
const ENGLISH_WROTE = /^On\s.*\d.*\swrote:$/i;
/** French clients: `Le mar. 3 mars 2026 à 10:12, Support <…> a écrit :`. */
const FRENCH_WROTE = /^Le\s.*\d.*\sa\s+écrit\s*:$/iu;
/** German clients: `Am 03.03.2026 um 10:12 schrieb Support <…>:`. */
const GERMAN_WROTE = /^Am\s.*\d.*\sschrieb\s.*:$/iu;
/** Yandex Mail: `03.03.2026, 10:12, "Support" <support@example.com>:`. */
const YANDEX_HEADER = /^\d{1,2}\.\d{1,2}\.\d{2,4},\s*\d{1,2}:\d{2},\s.*<[^<>]+@[^<>]+>:$/u;
/** Mail.ru: `Вторник, 3 марта 2026, 10:12 +03:00 от Support <support@example.com>:`. */
const MAILRU_HEADER = /^.*\d{4},\s*\d{1,2}:\d{2}.*\sот\s.+:$/u;
/** Gmail in Russian: `вт, 3 мар. 2026 г. в 10:12, Support <support@example.com>:`. */
const GMAIL_RUSSIAN_HEADER = /^.*\d{4}\s*г\.,?\s*в\s*\d{1,2}:\d{2},\s.*<[^<>]+@[^<>]+>:$/u;
/** Thunderbird and Apple Mail in Russian: `03.03.2026 10:12, Support пишет:`, `… Support <…> написал(а):`. */
const RUSSIAN_WROTE = /^.*\d.*\s(?:пишет|написал|написала|написал\(а\))\s*:$/iu;

const QUOTE_HEADERS = [
  ENGLISH_WROTE,
  FRENCH_WROTE,
  GERMAN_WROTE,
  YANDEX_HEADER,
  MAILRU_HEADER,
  GMAIL_RUSSIAN_HEADER,
  RUSSIAN_WROTE,
];

const MAX_QUOTE_HEADER_LINES = 3;

/**
 * Where the quote header that ends right above `quoteStart` begins, if there is one. The shortest match
 * wins, so a line of new text just above a one-line header is never taken for part of it.
 */
function quoteHeaderAbove(lines: readonly string[], quoteStart: number): number | undefined {
  const last = previousNonBlank(lines, quoteStart);
  for (let span = 1; span <= MAX_QUOTE_HEADER_LINES; span++) {
    const first = last - span + 1;
    if (last < 0 || first < 0) return undefined;
    const header = lines.slice(first, last + 1);
    if (header.some((line) => isBlank(line) || isQuote(line))) return undefined;
    const joined = header.map((line) => line.trim()).join(' ');
    if (QUOTE_HEADERS.some((pattern) => pattern.test(joined))) return first;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Outlook and forwards: the earlier message follows unquoted, below a marker or a header block.

/** Outlook in plain text: `-----Original Message-----`, `-----Исходное сообщение-----`. */
const ORIGINAL_MESSAGE_MARKER = /^-{2,}\s*(?:Original Message|Исходное сообщение|Ursprüngliche Nachricht)\s*-{2,}$/iu;

/** The line Outlook draws above its header block (`_____`), or html-to-text's rendering of an `<hr>` (`-----`). */
const SEPARATOR_LINE = /^(?:_{10,}|-{10,})$/;

/** The first line of a header block: `From:` (Outlook, Gmail forwards), `От:` (Russian), `Von:`, `De :`. */
const FROM_FIELD = /^\*?(?:From|От|Von|De)\s*:/iu;
/** The block's other lines: Outlook writes `Sent:`/`Отправлено:`, Gmail and Apple Mail forwards `Date:`. */
const OTHER_HEADER_FIELD =
  /^\*?(?:Sent|Date|To|Cc|Subject|Отправлено|Дата|Кому|Копия|Тема|Gesendet|Datum|An|Betreff|Envoyé|À|Objet)\s*:/iu;

/** How far below `From:` the other fields are looked for: html-to-text wraps a long `To:` line. */
const HEADER_BLOCK_WINDOW = 8;

/** Gmail, Thunderbird, Yandex and Mail.ru: `---------- Forwarded message ---------`, `-------- Пересылаемое сообщение --------`. */
const DASHED_FORWARD_MARKER =
  /^-{2,}\s*(?:Forwarded message|Пересылаемое сообщение|Пересланное сообщение|Weitergeleitete Nachricht)\s*-{2,}$/iu;
/** Apple Mail: `Begin forwarded message:`, `Начало переадресованного сообщения:`. */
const APPLE_FORWARD_MARKER = /^(?:Begin forwarded message|Начало переадресованного сообщения)\s*:$/iu;

function isForwardMarker(line: string): boolean {
  const trimmed = line.trim();
  return DASHED_FORWARD_MARKER.test(trimmed) || APPLE_FORWARD_MARKER.test(trimmed);
}

/** A `From:` line followed by at least two more header fields: Outlook's block, or a forward's. */
function startsHeaderBlock(lines: readonly string[], index: number): boolean {
  if (!FROM_FIELD.test(lines[index] ?? '')) return false;
  let fields = 0;
  for (const line of lines.slice(index + 1, index + 1 + HEADER_BLOCK_WINDOW)) {
    if (OTHER_HEADER_FIELD.test(line)) fields++;
  }
  return fields >= 2;
}

// ---------------------------------------------------------------------------------------------------
// History

/**
 * Where the quoted history begins, or `lines.length` when there is none. History is an Outlook marker or
 * header block (with the separator line above it), a forward when `forwardsAreHistory`, or the trailing
 * block of `>` lines with the quote header above it. `>` lines with new text after them are an inline
 * reply and stay.
 */
function findHistoryStart(lines: readonly string[], forwardsAreHistory: boolean): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isForwardMarker(line) && forwardsAreHistory) return i;
    if (ORIGINAL_MESSAGE_MARKER.test(line.trim())) return i;
    if (startsHeaderBlock(lines, i)) {
      const above = previousNonBlank(lines, i);
      // The header block of a forward the customer chose to include is not history.
      if (above >= 0 && isForwardMarker(lines[above] ?? '')) continue;
      return above >= 0 && SEPARATOR_LINE.test(lines[above] ?? '') ? above : i;
    }
  }
  return trailingQuoteStart(lines);
}

/** Where the block of `>` lines that ends the message begins (with its quote header), or `lines.length`. */
function trailingQuoteStart(lines: readonly string[]): number {
  const last = previousNonBlank(lines, lines.length);
  if (last < 0 || !isQuote(lines[last] ?? '')) return lines.length;
  let start = last;
  for (let i = last; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (isQuote(line)) start = i;
    else if (!isBlank(line)) break;
  }
  return quoteHeaderAbove(lines, start) ?? start;
}

// ---------------------------------------------------------------------------------------------------
// Signatures

/** Text that follows an optional link, as html-to-text writes one: `Get Outlook for iOS [https://aka.ms/…]`. */
const LINK_SUFFIX = String.raw`(?:\s*[<\[]https?:\/\/\S+[>\]])?`;

function signatureLine(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})${LINK_SUFFIX}$`, 'iu');
}

/** Apple Mail on iOS, and Android phones: `Sent from my iPhone`, `Sent from my iPad`, `Sent from my Galaxy`. */
const SENT_FROM_MY_DEVICE = signatureLine(String.raw`Sent from my \S.{0,40}`);
/** Outlook for iOS and Android: `Get Outlook for iOS`, in Russian `Получить Outlook для Android`. */
const GET_OUTLOOK = signatureLine(String.raw`Get Outlook for (?:iOS|Android)|Получить Outlook для (?:iOS|Android)`);
/** Windows Mail and Yahoo Mail: `Sent from Mail for Windows`, `Sent from Yahoo Mail on Android`. */
const SENT_FROM_MAIL_APP = signatureLine(String.raw`Sent from (?:Yahoo )?Mail (?:for|on) \S.{0,30}|Sent from Outlook`);
/** Russian clients: `Отправлено с iPhone`, `Отправлено из мобильной Почты Mail.ru`, `Отправлено из приложения Яндекс Почта`. */
const RUSSIAN_SENT_FROM = signatureLine(String.raw`(?:Отправлено|Послано) (?:с|со|из) \S.{0,50}`);

const DEVICE_SIGNATURES = [SENT_FROM_MY_DEVICE, GET_OUTLOOK, SENT_FROM_MAIL_APP, RUSSIAN_SENT_FROM];

/** Below a bare `--` (no space), a signature is at most this many lines of at most this many characters. */
const SHORT_SIGNATURE_LINES = 6;
const SHORT_SIGNATURE_WIDTH = 72;

/**
 * The customer's signature within `lines[0..end)`: from its first line to the next forward marker or
 * `end`. A `-- ` delimiter always starts one; a device line (`Sent from my iPhone`) only when nothing
 * but blank lines follows it; a bare `--` only when a few short lines follow it.
 */
function findSignature(lines: readonly string[], end: number): { start: number; end: number } | undefined {
  for (let i = 0; i < end; i++) {
    const line = lines[i] ?? '';
    const after = lines.slice(i + 1, end);
    const forward = after.findIndex(isForwardMarker);
    const signatureEnd = forward < 0 ? end : i + 1 + forward;
    const rest = lines.slice(i + 1, signatureEnd).filter((restLine) => !isBlank(restLine));

    if (line === SIGNATURE_DELIMITER) return { start: i, end: signatureEnd };
    if (rest.length === 0 && DEVICE_SIGNATURES.some((pattern) => pattern.test(line.trim()))) {
      return { start: i, end: signatureEnd };
    }
    if (
      line === '--' &&
      rest.length > 0 &&
      rest.length <= SHORT_SIGNATURE_LINES &&
      rest.every((restLine) => restLine.trim().length <= SHORT_SIGNATURE_WIDTH)
    ) {
      return { start: i, end: signatureEnd };
    }
  }
  return undefined;
}

/** The lines without the signature in `lines[0..end)`, if there is one. */
function withoutSignature(lines: readonly string[], end: number): string[] {
  const signature = findSignature(lines, end);
  if (!signature) return [...lines];
  return [...lines.slice(0, signature.start), ...lines.slice(signature.end)];
}

// ---------------------------------------------------------------------------------------------------
// Exports

/**
 * A customer's emailed reply to a ticket, without the quoted history and the signature, so the agent
 * sees only the new words. Handles Gmail, Apple Mail, Thunderbird, Outlook, Yandex and Mail.ru quoting,
 * in English and Russian, and trailing `>` blocks; `>` lines with new text after them (an inline reply)
 * stay. Whitespace is normalised: LF line ends, no trailing spaces, at most two blank lines in a row.
 *
 * When nothing would be left (the whole message is quotes or a signature), the normalised original is
 * returned, with `removed: false`: a non-empty email never becomes an empty message.
 *
 * @returns the text, and whether anything beyond whitespace was removed.
 */
export function trimReply(text: string): { text: string; removed: boolean } {
  const lines = splitLines(text);
  const original = joinLines(lines);
  const newLines = lines.slice(0, findHistoryStart(lines, false));
  const trimmed = joinLines(withoutSignature(newLines, newLines.length));
  if (trimmed === '') return { text: original, removed: false };
  return { text: trimmed, removed: trimmed !== original };
}

/**
 * A new email's text without the sender's signature, keeping quoted and forwarded content: the agent may
 * need what a customer forwards when opening a ticket. Only a signature above any quoted or forwarded
 * part is removed, so a forwarded message keeps its own. Whitespace is normalised as in {@link trimReply},
 * and a message that is only a signature is returned whole.
 */
export function trimSignature(text: string): string {
  const lines = splitLines(text);
  const original = joinLines(lines);
  const trimmed = joinLines(withoutSignature(lines, findHistoryStart(lines, true)));
  return trimmed === '' ? original : trimmed;
}

/**
 * Reply and forward prefixes: English (`Re:`, `Fwd:`, `FW:`), German Outlook (`AW:`, `WG:`), Russian
 * Outlook and Mail.ru (`Ответ:`, `Отв:`, `Пересл:`), with Outlook's counter (`RE[2]:`) or a full-width colon.
 */
const SUBJECT_PREFIX = /^(?:re|fwd?|aw|wg|ответ|отв|пересл)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/iu;

const MAX_SUBJECT_LENGTH = 200;

/**
 * A ticket subject from an email's: whitespace collapsed, every leading `Re:`/`Fwd:`-style prefix
 * removed, at most 200 characters (cut at a word boundary, ending in `…`).
 *
 * @returns the subject, or `''` when there is none; the caller picks the words for "no subject" in the
 *   ticket's language.
 */
export function normalizeSubject(subject: string | undefined): string {
  let text = (subject ?? '').replace(/\s+/g, ' ').trim();
  while (SUBJECT_PREFIX.test(text)) {
    text = text.replace(SUBJECT_PREFIX, '');
  }
  if (text.length <= MAX_SUBJECT_LENGTH) return text;

  // Cut at the last space that leaves room for the ellipsis; a first word longer than half the limit is cut
  // through, rather than leaving a subject of a word or two.
  let cut = text.lastIndexOf(' ', MAX_SUBJECT_LENGTH - 1);
  if (cut < MAX_SUBJECT_LENGTH / 2) cut = MAX_SUBJECT_LENGTH - 1;
  return `${sliceWhole(text, cut).trimEnd()}…`;
}

/** How much of a text is read to tell its language. */
const LOCALE_SAMPLE_LENGTH = 2000;

/**
 * The language of a customer's email: `'ru'` when Cyrillic letters are more than half of the letters in
 * its first 2000 characters, else `'en'` (also for text with no letters).
 */
export function detectLocale(text: string): Locale {
  let letters = 0;
  let cyrillic = 0;
  for (const char of text.slice(0, LOCALE_SAMPLE_LENGTH)) {
    if (!/\p{L}/u.test(char)) continue;
    letters++;
    if (/\p{Script=Cyrillic}/u.test(char)) cyrillic++;
  }
  return cyrillic * 2 > letters ? 'ru' : 'en';
}

/** Quotes a client may leave around a display name: `"Anna"`, `'Anna'`, `«Анна»`, `“Anna”`, `„Anna“`. */
const SURROUNDING_QUOTES = /^["'«“„](.*)["'»”“]$/su;
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+$/;
const MAX_NAME_LENGTH = 100;

/**
 * What to call a customer who wrote in: the display name of their address, without surrounding quotes;
 * when it is missing, empty or itself an email address, their address's local part as words
 * (`anna.petrova+help@x.ru` → `Anna Petrova`). At most 100 characters; `''` only when there is neither a
 * name nor an address.
 */
export function customerNameFrom(address: { name?: string; address: string }): string {
  let name = (address.name ?? '').replace(/\s+/g, ' ').trim();
  let quoted = SURROUNDING_QUOTES.exec(name);
  while (quoted) {
    name = (quoted[1] ?? '').trim();
    quoted = SURROUNDING_QUOTES.exec(name);
  }
  if (name === '' || EMAIL_ADDRESS.test(name)) name = nameFromAddress(address.address);
  return sliceWhole(name, MAX_NAME_LENGTH).trimEnd();
}

/** `anna.petrova+help@x.ru` → `Anna Petrova`: dots and underscores part words, a `+tag` is dropped. */
function nameFromAddress(address: string): string {
  const trimmed = address.trim();
  const localPart = (trimmed.split('@')[0] ?? '').split('+')[0] ?? '';
  const words: string[] = [];
  for (const word of localPart.split(/[._]+/)) {
    if (word !== '') words.push(word.charAt(0).toUpperCase() + word.slice(1));
  }
  return words.length > 0 ? words.join(' ') : trimmed;
}

/** The first `length` UTF-16 units of a text, one fewer if that would split an emoji's surrogate pair. */
function sliceWhole(text: string, length: number): string {
  if (text.length <= length) return text;
  const lastCode = text.charCodeAt(length - 1);
  const splitsPair = lastCode >= 0xd800 && lastCode <= 0xdbff;
  return text.slice(0, splitsPair ? length - 1 : length);
}
