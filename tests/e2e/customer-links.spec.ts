import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startOwnServer, type OwnServer } from '../support/own-server';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

// A server of this file's own that emails through a real SMTP server (aiosmtpd), whose mailbox the tests read.
let smtp: TestSmtpServer;
let server: OwnServer;

test.beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startOwnServer({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Tallybook Support <support@example.com>',
    // Every test comes from 127.0.0.1; the limits themselves are the unit tests' business.
    RATE_LIMIT_TICKETS: '100/h',
    RATE_LIMIT_REPLIES: '100/h',
  });
});
test.afterAll(async () => {
  await server?.stop();
  await smtp?.dispose();
});

/** An address of the test's own, so tests sharing the mailbox never read each other's email. */
const uniqueAddress = (name: string) => `${name}.${Math.random().toString(36).slice(2)}@example.com`;

/** The "your tickets" link that arrived for an address, as a path on this test's server. */
async function linkEmailedTo(address: string): Promise<string> {
  let text = '';
  await expect
    .poll(
      async () => {
        const messages = await smtp.messages();
        const email = messages.find(
          (message) =>
            message.subject === 'Your link to your tickets' &&
            message.to &&
            'text' in message.to &&
            message.to.text.includes(address),
        );
        text = email?.text ?? '';
        return text;
      },
      { timeout: 10_000 },
    )
    .toMatch(/\/tickets\/access\?token=/);
  const url = /https?:\/\/\S+\/tickets\/access\?token=[\w-]+/.exec(text)?.[0] ?? '';
  const { pathname, search } = new URL(url);
  return `${server.url}${pathname}${search}`;
}

async function openTicketByApi(request: APIRequestContext, email: string, subject: string): Promise<number> {
  const response = await request.post(`${server.url}/api/tickets`, {
    data: { name: 'Ada Lovelace', email, subject, message: 'A long enough description of the problem.', locale: 'en' },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { number: number }).number;
}

async function askForLink(page: Page, email: string) {
  await page.goto(`${server.url}/tickets`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText(`If we have tickets for ${email}, we’ve sent a link`);
}

test('a customer gets a link to all their tickets by email, opens one without its key and replies', async ({ page }) => {
  const email = uniqueAddress('ada');
  const subjects = ['Invoice PDF is blank', 'Bank feed stopped syncing'];
  for (const subject of subjects) {
    await page.goto(`${server.url}/contact`);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Subject').fill(subject);
    await page.getByLabel('How can we help?').fill('A long enough description of what went wrong today.');
    // The form refuses what a person can't type in under 3 seconds.
    await page.waitForTimeout(3_200);
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect(page).toHaveURL(/\/tickets\/\d+\?key=/);
  }

  await page.goto(`${server.url}/contact`);
  await page.getByRole('link', { name: 'Wrote to us before? See all your tickets' }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await askForLink(page, email);
  const link = await linkEmailedTo(email);

  await page.goto(link);
  await page.getByRole('button', { name: 'Show my tickets' }).click();
  await expect(page).toHaveURL(/\/tickets\/mine$/);
  const rows = page.getByRole('table').getByRole('row');
  // The header row, then the latest first.
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText(subjects[1] ?? '');
  await expect(rows.nth(2)).toContainText(subjects[0] ?? '');
  await expect(rows.nth(2)).toContainText('New');

  await page.getByRole('link', { name: subjects[0] }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subjects[0] ?? '');
  await page.getByLabel('Add a reply').fill('It happens with every invoice since Monday.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+#latest$/);
  await expect(page.locator('.conversation .message-body').last()).toHaveText('It happens with every invoice since Monday.');

  // Replying moved that ticket to the top of the list.
  await page.getByRole('link', { name: 'All your tickets' }).click();
  await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText(subjects[0] ?? '');

  // The link worked once; the page it opens now says so, and offers a new one.
  const again = await page.goto(link);
  expect(again?.status()).toBe(410);
  await expect(page.getByRole('alert')).toHaveText(/This link has already been used/);
  await expect(page.getByRole('button', { name: 'Email me a link' })).toBeVisible();

  // Signing out closes the list and the keyless ticket pages on this browser.
  await page.goto(`${server.url}/tickets/mine`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/tickets\?signed-out=1$/);
  await expect(page.getByRole('status')).toContainText('You’re signed out');
  await page.goto(`${server.url}/tickets/mine`);
  await expect(page).toHaveURL(/\/tickets$/);
});

test('an address with no tickets gets the same answer as one with tickets, and no email', async ({ request }) => {
  const known = uniqueAddress('known');
  const unknown = uniqueAddress('unknown');
  await openTicketByApi(request, known, 'Where is my invoice?');
  const ask = async (email: string) => {
    const response = await request.post(`${server.url}/tickets`, { form: { email }, headers: { Origin: server.url } });
    const html = await response.text();
    return { status: response.status(), main: /<main[\s\S]*<\/main>/.exec(html)?.[0].replaceAll(email, 'ADDRESS') };
  };
  const forUnknown = await ask(unknown);
  const forKnown = await ask(known);
  expect(forKnown.status).toBe(200);
  expect(forKnown.main).toContain('If we have tickets for ADDRESS, we’ve sent a link');
  expect(forUnknown).toEqual(forKnown);

  // The outbox sends in order: once the known address's link is here, any for the other would be too.
  await linkEmailedTo(known);
  const strays = (await smtp.messages()).filter(
    (message) => message.to && 'text' in message.to && message.to.text.includes(unknown),
  );
  expect(strays).toEqual([]);
});

test('a wrong address is marked on the field, with what was typed kept', async ({ page }) => {
  await page.goto(`${server.url}/tickets`);
  await page.getByLabel('Email').fill('ada@');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByLabel('Email')).toHaveValue('ada@');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter an email address like name@example.com');
});

test('a help desk without email says links are not available', async ({ page }) => {
  // The shared test server runs without SMTP.
  await page.goto('/tickets');
  await expect(page.getByRole('status')).toHaveText(/Email links aren’t available on this help desk/);
  await expect(page.getByLabel('Email')).toHaveCount(0);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the tickets form and the list have no serious or critical axe violations (${colorScheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme });
    const email = uniqueAddress('axe');
    await openTicketByApi(request, email, 'Accessible tickets');

    await page.goto(`${server.url}/tickets`);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.locator('.field-error')).toBeVisible();
    await expectNoSeriousViolations(page);

    await askForLink(page, email);
    await page.goto(await linkEmailedTo(email));
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: 'Show my tickets' }).click();
    await expect(page.getByRole('table')).toContainText('Accessible tickets');
    await expectNoSeriousViolations(page);
  });
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(
    serious.map(
      (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    ),
  ).toEqual([]);
}
