import { describe, expect, it } from 'vitest';
import { customerNameFrom, detectLocale, normalizeSubject, trimReply, trimSignature } from '../../api/mail/inbound-text';

/** The standard signature delimiter: its trailing space is easy to lose in an editor, so it is spelled out. */
const DELIMITER = '-- ';

describe('trimReply: quoted history', () => {
  it('an agent sees only Anna’s new words from a Gmail reply', () => {
    const email = `Hi, the export works now, thank you!

Anna

On Tue, 3 Mar 2026 at 10:12, Support <support+t42@example.com> wrote:

> Hi Anna,
>
> We've fixed the CSV export. Could you try again?
>
> Grace, Tallybook Support
`;
    expect(trimReply(email)).toEqual({ text: 'Hi, the export works now, thank you!\n\nAnna', removed: true });
  });

  it('an agent sees only the new words when Gmail wraps a long quote header over two lines', () => {
    const email = `Yes, please close it.

On Tue, 3 Mar 2026 at 10:12, Tallybook Customer Support Team (Europe) <
support+t42@example.com> wrote:
> Is there anything else we can help with?
`;
    expect(trimReply(email)).toEqual({ text: 'Yes, please close it.', removed: true });
  });

  it('a line of new text that starts with "On" stays above a one-line Gmail header', () => {
    const email = `On Monday the export failed again.
On Tue, 3 Mar 2026 at 10:12, Support <support@example.com> wrote:
> Did it work?
`;
    expect(trimReply(email).text).toBe('On Monday the export failed again.');
  });

  it('an agent sees only the new words from Apple Mail on an iPhone', () => {
    const email = `Thanks, that did it.

Sent from my iPhone

On 3 Mar 2026, at 10:12, Support <support+t42@example.com> wrote:

> Please restart the app and try again.
`;
    expect(trimReply(email)).toEqual({ text: 'Thanks, that did it.', removed: true });
  });

  it('an agent sees only the new words from a Thunderbird reply', () => {
    const email = `The invoice number is 2026-0042.

On 03.03.2026 10:12, Support wrote:
> Which invoice do you mean?
>> Hello, one of my invoices is wrong.
`;
    expect(trimReply(email)).toEqual({ text: 'The invoice number is 2026-0042.', removed: true });
  });

  it.each([
    ['French', 'Le mar. 3 mars 2026 à 10:12, Support <support@example.com> a écrit\u00a0:'],
    ['German', 'Am 03.03.2026 um 10:12 schrieb Support <support@example.com>:'],
    ['German Gmail', 'Am Di., 3. März 2026 um 10:12 Uhr schrieb Support <support@example.com>:'],
  ])('an agent sees only the new words from a %s reply', (_client, header) => {
    const email = `Merci / Danke!\n\n${header}\n> Ticket solved.\n`;
    expect(trimReply(email)).toEqual({ text: 'Merci / Danke!', removed: true });
  });

  it('an agent sees only the new words from a Yandex Mail reply', () => {
    const email = `Добрый день! Да, теперь всё работает.

03.03.2026, 10:12, "Support" <support@example.com>:
> Здравствуйте, Анна!
> Попробуйте, пожалуйста, ещё раз.
`;
    expect(trimReply(email)).toEqual({ text: 'Добрый день! Да, теперь всё работает.', removed: true });
  });

  it('an agent sees only the new words from a Mail.ru reply, without the Mail.ru app line', () => {
    const email = `Спасибо, получила.

Отправлено из мобильной Почты Mail.ru

Вторник, 3 марта 2026, 10:12 +03:00 от Support <support@example.com>:
>
> Здравствуйте! Счёт во вложении.
>
`;
    expect(trimReply(email)).toEqual({ text: 'Спасибо, получила.', removed: true });
  });

  it('an agent sees only the new words from Gmail in Russian', () => {
    const email = `Нет, ошибка осталась. Скриншот приложила.

вт, 3 мар. 2026 г. в 10:12, Support <support@example.com>:

> Анна, проверьте, пожалуйста, ещё раз.
`;
    expect(trimReply(email)).toEqual({ text: 'Нет, ошибка осталась. Скриншот приложила.', removed: true });
  });

  it.each([
    ['Thunderbird', '03.03.2026 10:12, Support пишет:'],
    ['Apple Mail', '3 мар. 2026 г., в 10:12, Support <support@example.com> написал(а):'],
  ])('an agent sees only the new words from %s in Russian', (_client, header) => {
    const email = `Да, закрывайте.\n\n${header}\n> Можно закрыть обращение?\n`;
    expect(trimReply(email)).toEqual({ text: 'Да, закрывайте.', removed: true });
  });

  it('an agent sees only the new words above Outlook’s "Original Message"', () => {
    const email = `Hello,

Please send the contract again, the link expired.

Regards,
Anna Petrova

-----Original Message-----
From: Support <support@example.com>
Sent: Tuesday, March 3, 2026 10:12 AM
To: Anna Petrova <anna.petrova@example.ru>
Subject: [#42] Your contract

Hi Anna, here is the link to your contract.
`;
    expect(trimReply(email)).toEqual({
      text: 'Hello,\n\nPlease send the contract again, the link expired.\n\nRegards,\nAnna Petrova',
      removed: true,
    });
  });

  it('an agent sees only the new words above Outlook’s header block and separator, without "Get Outlook for iOS"', () => {
    const email = `Works now, thanks!

Get Outlook for iOS<https://aka.ms/o0ukef>
________________________________
From: Support <support@example.com>
Sent: Tuesday, March 3, 2026 10:12:31 AM
To: Anna Petrova <anna.petrova@example.ru>
Subject: Re: [#42] Login problem

Hi Anna, please try to log in again.
`;
    expect(trimReply(email)).toEqual({ text: 'Works now, thanks!', removed: true });
  });

  it('an agent sees only the new words from Outlook in Russian, with either kind of header', () => {
    const marker = `Спасибо!

-----Исходное сообщение-----
От: Support <support@example.com>
Отправлено: 3 марта 2026 г. 10:12
Кому: Анна Петрова <anna.petrova@example.ru>
Тема: [#42] Счёт

Добрый день, Анна!
`;
    const block = `Спасибо!

________________________________
От: Support <support@example.com>
Отправлено: 3 марта 2026 г. 10:12
Кому: Анна Петрова <anna.petrova@example.ru>
Тема: [#42] Счёт

Добрый день, Анна!
`;
    expect(trimReply(marker)).toEqual({ text: 'Спасибо!', removed: true });
    expect(trimReply(block)).toEqual({ text: 'Спасибо!', removed: true });
  });

  it('an agent sees only the new words from Outlook HTML mail as html-to-text renders it', () => {
    const email = `I attached the log file.

Get Outlook for Android [https://aka.ms/AAb9ysg]

--------------------------------------------------------------------------------

From: Support <support@example.com>
Sent: Tuesday, March 3, 2026 10:12 AM
To: Anna Petrova <anna.petrova@example.ru>; Boris Ivanov <boris.ivanov@example.ru>;
Olga Sidorova <olga.sidorova@example.ru>
Subject: [#42] Sync stopped

Could you send us the log file?
`;
    expect(trimReply(email)).toEqual({ text: 'I attached the log file.', removed: true });
  });

  it('an agent sees only the new words above a trailing quote block with no header', () => {
    const email = `Still broken, sorry.

> Could you try clearing the cache?
> Grace
`;
    expect(trimReply(email)).toEqual({ text: 'Still broken, sorry.', removed: true });
  });

  it('an agent sees the questions a customer answered inline, and not the rest of the quote below', () => {
    const email = `On Tue, 3 Mar 2026 at 10:12, Support <support@example.com> wrote:
> Which browser do you use?

Firefox 135.

> Does it happen in a private window?

Yes, there too.

> Thanks,
> Grace
`;
    expect(trimReply(email)).toEqual({
      text: `On Tue, 3 Mar 2026 at 10:12, Support <support@example.com> wrote:
> Which browser do you use?

Firefox 135.

> Does it happen in a private window?

Yes, there too.`,
      removed: true,
    });
  });

  it('an agent sees the whole of a bottom-posted reply, quote included', () => {
    const email = `On 03.03.2026 10:12, Support wrote:
> Can we close the ticket?

No, the problem came back this morning.
`;
    expect(trimReply(email)).toEqual({ text: email.trim(), removed: false });
  });

  it('a quote header not followed by quotes is the customer’s own words and stays', () => {
    const email = `On 3 March 2026, my colleague wrote:
"the export is broken again"
Can you check?`;
    expect(trimReply(email)).toEqual({ text: email, removed: false });
  });

  it('an email the customer forwards inside a reply stays, while our quoted message below goes', () => {
    const email = `Here is what the bank sent me:

---------- Forwarded message ---------
From: Bank Notifications <noreply@bank.example>
Date: Mon, 2 Mar 2026 at 09:00
Subject: Payment declined
To: <anna.petrova@example.ru>

Your payment of 49.00 EUR was declined.

On Tue, 3 Mar 2026 at 10:12, Support <support@example.com> wrote:
> Could you forward the bank's message?
`;
    const { text, removed } = trimReply(email);
    expect(removed).toBe(true);
    expect(text).toContain('From: Bank Notifications <noreply@bank.example>');
    expect(text).toContain('Your payment of 49.00 EUR was declined.');
    expect(text).not.toContain('wrote:');
    expect(text).not.toContain('forward the bank');
  });

  it('a reply that is only quotes reaches the agent whole, never as an empty message', () => {
    const email = `On Tue, 3 Mar 2026 at 10:12, Support <support@example.com> wrote:
> Is everything fine now?
`;
    expect(trimReply(email)).toEqual({ text: email.trim(), removed: false });
    expect(trimReply('> just a quote')).toEqual({ text: '> just a quote', removed: false });
  });

  it('a reply that is only a signature and quotes reaches the agent whole', () => {
    const email = `${DELIMITER}\nAnna Petrova\n\nOn 3 Mar 2026, at 10:12, Support <support@example.com> wrote:\n> Hi\n`;
    expect(trimReply(email)).toEqual({
      text: '--\nAnna Petrova\n\nOn 3 Mar 2026, at 10:12, Support <support@example.com> wrote:\n> Hi',
      removed: false,
    });
  });
});

describe('trimReply: signatures', () => {
  it('an agent does not see the signature below the standard "-- " delimiter', () => {
    const email = `Please call me back tomorrow.

${DELIMITER}
Anna Petrova
Head of Accounts, Example Ltd
+7 999 123-45-67
https://example.ru
`;
    expect(trimReply(email)).toEqual({ text: 'Please call me back tomorrow.', removed: true });
  });

  it('a bare "--" at the end with a few short lines below is taken for a signature', () => {
    const email = `Please call me back tomorrow.\n\n--\nAnna Petrova\n+7 999 123-45-67\n`;
    expect(trimReply(email)).toEqual({ text: 'Please call me back tomorrow.', removed: true });
  });

  it('a bare "--" followed by long lines is the customer’s text, and stays', () => {
    const email = `I tried the steps you sent.
--
After the restart the sync ran for about ten minutes and then stopped with the same error as before, so nothing changed.`;
    expect(trimReply(email)).toEqual({ text: email, removed: false });
  });

  it('a bare "--" followed by more than six lines is the customer’s text, and stays', () => {
    const email = `Steps:\n--\n1. open\n2. click\n3. wait\n4. see error\n5. reload\n6. same\n7. give up`;
    expect(trimReply(email)).toEqual({ text: email, removed: false });
  });

  it.each([
    'Sent from my iPhone',
    'Sent from my iPad',
    'Get Outlook for iOS',
    'Get Outlook for Android',
    'Sent from Mail for Windows',
    'Отправлено с iPhone',
    'Отправлено из мобильной Почты Mail.ru',
    'Отправлено из приложения Яндекс Почта',
  ])('an agent does not see "%s" at the end of a reply', (line) => {
    expect(trimReply(`Ok, thank you.\n\n${line}\n`)).toEqual({ text: 'Ok, thank you.', removed: true });
  });

  it('"Sent from my iPhone" in the middle of a message is the customer’s text, and stays', () => {
    const email = 'The screenshot below was\nSent from my iPhone\nbut it looks the same on the desktop.';
    expect(trimReply(email)).toEqual({ text: email, removed: false });
  });

  it('a normal closing like "Thanks, Anna" stays', () => {
    const email = 'The export works now.\n\nThanks,\nAnna';
    expect(trimReply(email)).toEqual({ text: email, removed: false });
  });
});

describe('trimReply: whitespace', () => {
  it('Windows line ends, trailing spaces and long gaps are tidied, without counting as removed', () => {
    const email = '\r\n  Hello,   \r\n\r\n\r\n\r\n\r\nthe export fails.\t\r\nAnna  \r\n\r\n';
    expect(trimReply(email)).toEqual({ text: 'Hello,\n\n\nthe export fails.\nAnna', removed: false });
  });

  it('two blank lines in a row are kept as the customer wrote them', () => {
    expect(trimReply('One\n\n\nTwo').text).toBe('One\n\n\nTwo');
  });

  it('an empty email stays empty', () => {
    expect(trimReply('  \r\n ')).toEqual({ text: '', removed: false });
  });
});

describe('trimSignature', () => {
  it('an agent keeps the email a customer forwards to open a ticket, without the customer’s signature', () => {
    const email = `Hello, please look at the email below, I was charged twice.

${DELIMITER}
Anna Petrova
Example Ltd

---------- Forwarded message ---------
From: Billing <billing@example.com>
Date: Mon, 2 Mar 2026 at 09:00
Subject: Your receipt
To: <anna.petrova@example.ru>

Your receipt for 49.00 EUR.

${DELIMITER}
Example Billing Team
`;
    expect(trimSignature(email)).toBe(`Hello, please look at the email below, I was charged twice.

---------- Forwarded message ---------
From: Billing <billing@example.com>
Date: Mon, 2 Mar 2026 at 09:00
Subject: Your receipt
To: <anna.petrova@example.ru>

Your receipt for 49.00 EUR.

--
Example Billing Team`);
  });

  it('an agent keeps a quoted message in a new ticket, without "Sent from my iPhone"', () => {
    const email = `Is this email from you?

Sent from my iPhone

On 2 Mar 2026, at 09:00, Billing <billing@example.com> wrote:

> Your account will be closed. Click here.
`;
    expect(trimSignature(email)).toBe(`Is this email from you?

On 2 Mar 2026, at 09:00, Billing <billing@example.com> wrote:

> Your account will be closed. Click here.`);
  });

  it('an agent keeps an Apple Mail forward in a new ticket, without the Mail.ru app line', () => {
    const email = `Посмотрите, пожалуйста.

Отправлено из мобильной Почты Mail.ru

Begin forwarded message:

From: Billing <billing@example.com>
Subject: Receipt
Date: 2 March 2026 at 09:00:00 CET
To: anna.petrova@example.ru

Sent from my iPhone
`;
    expect(trimSignature(email)).toBe(`Посмотрите, пожалуйста.

Begin forwarded message:

From: Billing <billing@example.com>
Subject: Receipt
Date: 2 March 2026 at 09:00:00 CET
To: anna.petrova@example.ru

Sent from my iPhone`);
  });

  it('a new email without a signature reaches the agent as written', () => {
    const email = 'Hello,\n\nhow do I export my data?\n\nThanks,\nAnna';
    expect(trimSignature(email)).toBe(email);
  });

  it('a new email that is only a signature reaches the agent whole', () => {
    expect(trimSignature(`${DELIMITER}\nAnna Petrova\n`)).toBe('--\nAnna Petrova');
  });
});

describe('normalizeSubject', () => {
  it.each(['Re:', 'RE:', 'Fwd:', 'FW:', 'Fw:', 'AW:', 'WG:', 'Ответ:', 'Отв:', 'Пересл:', 'RE[2]:', 'Re: Re:', 'RE :'])(
    'a ticket from a reply titled "%s Printer jammed" is called "Printer jammed"',
    (prefix) => {
      expect(normalizeSubject(`${prefix} Printer jammed`)).toBe('Printer jammed');
    },
  );

  it('a subject forwarded and replied to many times loses every prefix', () => {
    expect(normalizeSubject('Re: Fwd: RE[3]: AW: Отв: Счёт за март')).toBe('Счёт за март');
  });

  it('words that only start like a prefix, and prefixes later in the subject, stay', () => {
    expect(normalizeSubject('Return: label missing')).toBe('Return: label missing');
    expect(normalizeSubject('Reset password (Re: ticket 41)')).toBe('Reset password (Re: ticket 41)');
    expect(normalizeSubject('Отвал сервера')).toBe('Отвал сервера');
  });

  it('line breaks and runs of spaces in a subject become single spaces', () => {
    expect(normalizeSubject('  Re:   Printer \t jammed\r\n again ')).toBe('Printer jammed again');
  });

  it('a very long subject is cut at a word boundary, with an ellipsis, within 200 characters', () => {
    const subject = 'The export to CSV fails '.repeat(20).trim();
    const result = normalizeSubject(subject);
    expect(result.length).toBeLessThanOrEqual(200);
    expect(result.endsWith('…')).toBe(true);
    const kept = result.slice(0, -1);
    expect(subject.startsWith(kept)).toBe(true);
    expect(subject.charAt(kept.length)).toBe(' ');
    expect(kept.length).toBeGreaterThan(180);
  });

  it('a very long subject with no spaces is cut at 200 characters', () => {
    const result = normalizeSubject('x'.repeat(500));
    expect(result).toBe(`${'x'.repeat(199)}…`);
  });

  it('a subject of exactly 200 characters is kept whole', () => {
    const subject = 'a'.repeat(200);
    expect(normalizeSubject(subject)).toBe(subject);
  });

  it('an email with no subject, or only "Re:", gets an empty subject for the caller to fill in', () => {
    expect(normalizeSubject(undefined)).toBe('');
    expect(normalizeSubject('   ')).toBe('');
    expect(normalizeSubject('Re: ')).toBe('');
  });
});

describe('detectLocale', () => {
  it('a customer writing in Russian gets Russian', () => {
    expect(detectLocale('Здравствуйте! Не могу войти в личный кабинет Tallybook, пишет «ошибка 500».')).toBe('ru');
  });

  it('a customer writing in English gets English, even when signing with a Cyrillic name', () => {
    expect(detectLocale('Hello, I cannot log in to my account since yesterday.\n\nАнна')).toBe('en');
  });

  it('an email with no letters gets English', () => {
    expect(detectLocale('')).toBe('en');
    expect(detectLocale('+7 999 123-45-67 :)')).toBe('en');
  });

  it('only the start of a long email decides', () => {
    const english = 'a'.repeat(2000);
    const russian = 'я'.repeat(3000);
    expect(detectLocale(english + russian)).toBe('en');
    expect(detectLocale(russian + english)).toBe('ru');
  });
});

describe('customerNameFrom', () => {
  it('a customer is greeted by the display name of their address', () => {
    expect(customerNameFrom({ name: 'Anna Petrova', address: 'a.p@example.ru' })).toBe('Anna Petrova');
  });

  it('quotes around a display name are not part of the name', () => {
    expect(customerNameFrom({ name: '"Anna Petrova"', address: 'a@example.ru' })).toBe('Anna Petrova');
    expect(customerNameFrom({ name: '«Анна Петрова»', address: 'a@example.ru' })).toBe('Анна Петрова');
    expect(customerNameFrom({ name: `'"Anna"'`, address: 'a@example.ru' })).toBe('Anna');
  });

  it('a customer with no display name is greeted by the words of their address', () => {
    expect(customerNameFrom({ address: 'anna.petrova@x.ru' })).toBe('Anna Petrova');
    expect(customerNameFrom({ name: '', address: 'ivan_sidorov+support@x.ru' })).toBe('Ivan Sidorov');
    expect(customerNameFrom({ name: '  ', address: 'boris@x.ru' })).toBe('Boris');
  });

  it('a display name that is itself an email address is not used as a name', () => {
    expect(customerNameFrom({ name: 'anna.petrova@x.ru', address: 'anna.petrova@x.ru' })).toBe('Anna Petrova');
    expect(customerNameFrom({ name: '"anna@x.ru"', address: 'anna@x.ru' })).toBe('Anna');
  });

  it('a very long display name is cut to 100 characters', () => {
    const name = customerNameFrom({ name: 'Anna '.repeat(40), address: 'anna@x.ru' });
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.startsWith('Anna Anna')).toBe(true);
  });

  it('an address with no usable local part is shown as it is', () => {
    expect(customerNameFrom({ address: '+tag@x.ru' })).toBe('+tag@x.ru');
  });
});
