import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import type { ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { startTestImapServer, type TestImapServer } from '../support/imap-server';
import { startOwnServer, type OwnServer } from '../support/own-server';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

// Email end to end, with real servers only: the customer's mail goes over SMTP to the support address's mail
// server, which delivers into a Dovecot mailbox; Docket reads it over IMAP and sends its notifications over
// SMTP to another server, which plays the customer's mailbox.
let imap: TestImapServer;
let supportMx: TestSmtpServer;
let customerInbox: TestSmtpServer;
let server: OwnServer;
const AGENT = { name: 'Grace Agent', email: 'grace@tallybook.test', password: 'agent passphrase 1' };
const CUSTOMER = 'olga.ivanova@example.org';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  imap = await startTestImapServer();
  supportMx = await startTestSmtpServer({ maildir: imap.maildir, owner: imap.owner });
  customerInbox = await startTestSmtpServer();
  server = await startOwnServer({
    SMTP_URL: customerInbox.url,
    MAIL_FROM: 'Tallybook Support <support@tallybook.test>',
    IMAP_URL: imap.url,
    IMAP_POLL_SECONDS: '1',
    MAIL_RETRY_SECONDS: '1',
    PUBLIC_URL: 'http://help.tallybook.test',
  });
  const created = spawnSync(
    'npx',
    ['tsx', 'scripts/agent-create.ts', '--email', AGENT.email, '--name', AGENT.name, '--role', 'admin'],
    { input: AGENT.password, env: { ...process.env, DATABASE_URL: server.databaseUrl }, encoding: 'utf8' },
  );
  expect(created.status, created.stderr).toBe(0);
});
test.afterAll(async () => {
  await server?.stop();
  await customerInbox?.dispose();
  await supportMx?.dispose();
  await imap?.dispose();
});

/** The customer's mail client: a real SMTP conversation with the support address's mail server. */
async function customerSends(message: {
  subject: string;
  text: string;
  messageId: string;
  to?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}) {
  const transport = createTransport({ host: '127.0.0.1', port: supportMx.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: `Olga Ivanova <${CUSTOMER}>`, to: message.to ?? 'support@tallybook.test', ...message });
  } finally {
    transport.close();
  }
}

/** What has reached the customer's mailbox, waiting until there are `count` messages. */
async function inbox(count: number): Promise<ParsedMail[]> {
  let messages: ParsedMail[] = [];
  await expect(async () => {
    messages = await customerInbox.messages();
    expect(messages.length).toBeGreaterThanOrEqual(count);
  }).toPass({ timeout: 30_000 });
  return messages;
}

test('a customer emails support, an agent answers on the web, the customer answers by email, and no email is lost or doubled', async ({
  page,
}) => {
  expect(server.output.join('\n')).toContain('Reading the support mailbox support at 127.0.0.1');

  // 1. An email to support opens a ticket, and the acknowledgement threads under it.
  await customerSends({
    subject: 'Экспорт в Excel обрезает строки',
    text: 'Здравствуйте! При экспорте отчёта в Excel пропадают строки после тысячной.\n\n--\nОльга',
    messageId: '<olga-1@example.org>',
    attachments: [{ filename: 'report.png', content: Buffer.from('89504e470d0a1a0a', 'hex'), contentType: 'image/png' }],
  });
  const [received] = await inbox(1);
  const number = Number(/\[#(\d+)\]/.exec(received?.subject ?? '')?.[1]);
  expect(number).toBeGreaterThan(0);
  expect(received?.subject).toBe(`[#${number}] Мы получили ваше обращение: Экспорт в Excel обрезает строки`);
  expect(received?.inReplyTo).toBe('<olga-1@example.org>');
  expect(received?.replyTo?.text).toBe(`support+t${number}@tallybook.test`);

  // 2. The agent finds it in the queue and answers on the web; the answer arrives as a threaded email.
  await page.goto(`${server.url}/agent/login`);
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password', { exact: true }).fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Экспорт в Excel обрезает строки' }).click();
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${number}$`));
  // The signature is trimmed: the agent sees the customer's words only.
  await expect(page.locator('.conversation .message-body').first()).toHaveText(
    'Здравствуйте! При экспорте отчёта в Excel пропадают строки после тысячной.',
  );
  await expect(page.getByRole('link', { name: 'report.png' })).toHaveAttribute('href', /^\/api\/agent\/attachments\/\d+$/);
  await page.locator('#editor-body').fill('Исправили в версии 4.2 — обновите приложение, пожалуйста.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Reply sent.');

  const [, reply] = await inbox(2);
  expect(reply?.subject).toBe(`[#${number}] Re: Экспорт в Excel обрезает строки`);
  expect(reply?.text).toContain('Исправили в версии 4.2');
  expect(reply?.inReplyTo).toBe(received?.messageId);
  expect(reply?.references).toEqual(['<olga-1@example.org>', received?.messageId]);

  // 3. The customer answers that email; the answer, without the quoted history, lands on the same ticket.
  await customerSends({
    to: reply?.replyTo?.text ?? '',
    subject: `Re: ${reply?.subject}`,
    messageId: '<olga-2@example.org>',
    inReplyTo: reply?.messageId ?? '',
    references: [...((reply?.references as string[] | undefined) ?? []), reply?.messageId ?? ''],
    text: `Обновила, всё работает. Спасибо!\n\n27.11.2026, 10:12, "Tallybook Support" <${reply?.replyTo?.text}>:\n> Исправили в версии 4.2 — обновите приложение, пожалуйста.\n`,
  });
  await expect(async () => {
    await page.reload();
    await expect(page.locator('.conversation')).toContainText('Обновила, всё работает. Спасибо!', { timeout: 500 });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator('.conversation')).not.toContainText('27.11.2026, 10:12');

  // 4. The customer's SMTP server goes away while the agent writes twice more, then comes back.
  await customerInbox.stop();
  for (const text of ['Рады помочь!', 'Закрываем тикет — пишите, если что.']) {
    await page.locator('#editor-body').fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('Reply sent.');
  }
  // Both emails were tried and refused before the server returns: the admin's email page says so.
  await page.goto(`${server.url}/agent/email`);
  await expect(
    page.getByText(/Reading the support mailbox support@127\.0\.0\.1\/INBOX: last read .*, 2 emails handled/),
  ).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('ECONNREFUSED').first()).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await customerInbox.start();

  const all = await inbox(4);
  // Give a double a chance to show up before counting.
  await page.waitForTimeout(3_000);
  const final = await customerInbox.messages();
  expect(final.map((email) => email.subject)).toEqual([
    `[#${number}] Мы получили ваше обращение: Экспорт в Excel обрезает строки`,
    `[#${number}] Re: Экспорт в Excel обрезает строки`,
    `[#${number}] Re: Экспорт в Excel обрезает строки`,
    `[#${number}] Re: Экспорт в Excel обрезает строки`,
  ]);
  expect(new Set(final.map((email) => email.messageId)).size).toBe(4);
  expect(all.slice(2).map((email) => email.text?.includes('Рады помочь!') || email.text?.includes('Закрываем тикет'))).toEqual([
    true,
    true,
  ]);

  // 5. An out-of-office answer to our email opens nothing and sends nothing; the admin sees why.
  await customerSends({
    subject: 'Автоответ: Re: Экспорт',
    text: 'Я в отпуске до понедельника.',
    messageId: '<olga-away@example.org>',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  await expect(async () => {
    await page.goto(`${server.url}/agent/email`);
    await expect(page.getByRole('row', { name: /Автоответ/ })).toContainText(
      'Ignored: auto-reply: Auto-Submitted: auto-replied',
      {
        timeout: 500,
      },
    );
  }).toPass({ timeout: 30_000 });
  expect(await customerInbox.messages()).toHaveLength(4);

  // 6. The mailbox holds every message, each marked handled: a restart would read none of them again.
  const messages = await imap.list();
  expect(messages).toHaveLength(3);
  for (const message of messages) expect(message.flags).toEqual(expect.arrayContaining(['$Docket', '\\Seen']));
});
