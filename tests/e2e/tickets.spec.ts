import { expect, test, type Page } from '@playwright/test';
import { visit, visitContactForm } from './helpers';

/** The contact form refuses what a person can't type in under 3 seconds; a real customer takes longer. */
const FILL_TIME_MS = 3_200;

async function fillContactForm(page: Page, fields: { name: string; email: string; subject: string; message: string }) {
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel('Topic').selectOption('invoices');
  await page.getByLabel('Subject').fill(fields.subject);
  await page.getByLabel('How can we help?').fill(fields.message);
}

test.describe('a customer without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('opens a ticket, keeps the private link, replies, and marks it solved', async ({ page }) => {
    await visit(page, '/contact');
    await page.getByRole('button', { name: 'Send to support' }).click();
    // Nothing typed yet: every field says what it needs, and nothing is lost on the way.
    await expect(page.getByText('Enter your name')).toBeVisible();
    await expect(page.getByText('Enter an email address like name@example.com')).toBeVisible();

    await page.waitForTimeout(FILL_TIME_MS);
    await fillContactForm(page, {
      name: 'Ada Lovelace',
      email: 'not-an-email',
      subject: 'Invoice PDF is blank',
      message: 'When I download invoice #42 the PDF has no pages at all.',
    });
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect(page.getByText('Enter an email address like name@example.com')).toBeVisible();
    await expect(page.getByLabel('How can we help?')).toHaveValue('When I download invoice #42 the PDF has no pages at all.');
    await expect(page.getByLabel('Subject')).toHaveValue('Invoice PDF is blank');

    await page.getByLabel('Email').fill('ada@example.com');
    await page.waitForTimeout(FILL_TIME_MS);
    await page.getByRole('button', { name: 'Send to support' }).click();

    await expect(page).toHaveURL(/\/tickets\/\d+\?key=[\w-]+&created=1$/);
    await expect(page.getByRole('status')).toContainText(/Your ticket #\d+ is open/);
    const statusLink = await page.locator('#status-link').inputValue();
    expect(statusLink).toMatch(/\/tickets\/\d+\?key=[\w-]{27,}$/);

    await page.getByLabel('Add a reply').fill('It happens with every invoice since Monday.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.locator('.conversation .message-body')).toHaveText([
      'When I download invoice #42 the PDF has no pages at all.',
      'It happens with every invoice since Monday.',
    ]);

    await page.getByRole('button', { name: 'Mark as solved' }).click();
    await expect(page.locator('.ticket-meta .status')).toHaveText('Solved');

    // The link alone brings the customer back, and nobody gets in with a wrong key.
    await page.goto(new URL(statusLink).pathname + new URL(statusLink).search);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Invoice PDF is blank');
    const wrong = await page.goto(new URL(statusLink).pathname + '?key=not-the-key');
    expect(wrong?.status()).toBe(404);
  });
});

test('what a customer types is shown as text and never runs, on the status page', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await visitContactForm(page, '/contact');
  await page.waitForTimeout(FILL_TIME_MS);
  const payloads = {
    name: '<img src=x onerror=alert("name")>',
    email: 'xss@example.com',
    subject: '<script>alert("subject")</script>',
    message: 'Click <a href="javascript:alert(1)">here</a> <svg onload=alert("message")>',
  };
  await fillContactForm(page, payloads);
  await page.getByRole('button', { name: 'Send to support' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+\?key=/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(payloads.subject);
  await expect(page.locator('.conversation .message-body')).toHaveText([payloads.message]);
  expect(await page.locator('.conversation a[href^="javascript:"], .conversation svg, img[src="x"]').count()).toBe(0);
  expect(await page.locator('script', { hasText: 'alert(' }).count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('a form posted from another site is refused', async ({ request, baseURL }) => {
  const response = await request.post('/contact', {
    headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
    data: 'name=Eve&email=eve%40example.com&subject=Hello&message=Cross-site%20post%20attempt&started_at=0',
  });
  expect(response.status()).toBe(403);
  expect(baseURL).toBeTruthy();
});

test('a page form sent as something other than a form is a 415 that says what the page takes, never a 500', async ({
  request,
  baseURL,
}) => {
  for (const path of ['/contact', '/tickets', '/agent/login']) {
    const response = await request.post(path, {
      headers: { Origin: new URL(baseURL ?? '').origin, 'Content-Type': 'application/json' },
      data: JSON.stringify({ email: 'eve@example.com' }),
    });
    expect(response.status(), path).toBe(415);
    expect(await response.text()).toContain('form posts only');
  }
});

test.describe('a customer with JavaScript', () => {
  test('sees articles suggested while typing, opens one, comes back to an intact draft, and opens a ticket', async ({ page }) => {
    await visitContactForm(page, '/contact');
    // Checked in the page before anything is sent: the message stands beside the field.
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect(page.locator('#contact-name-error')).toBeVisible();
    await expect(page.getByLabel('Your name')).toBeFocused();
    await expect(page).toHaveURL(/\/contact$/);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Email').fill('grace@example.com');
    await page.getByLabel('Subject').fill('Cannot log in');
    await page
      .getByLabel('How can we help?')
      .pressSequentially('I forgot my password and the reset email never came', { delay: 10 });

    const suggestions = page.locator('#suggestions');
    await expect(suggestions).toBeVisible();
    const first = suggestions.locator('a.suggestion-title').first();
    await expect(first).toHaveAttribute('href', /\/articles\/(reset-password|email-not-received)\//);
    await expect(suggestions.locator('mark').first()).toBeVisible();

    await first.click();
    await expect(page).toHaveURL(/\/articles\//);
    // Coming back later, even by typing the address, finds every word where it was.
    await visitContactForm(page, '/contact');
    await expect(page.getByLabel('Your name')).toHaveValue('Grace Hopper');
    await expect(page.getByLabel('Subject')).toHaveValue('Cannot log in');
    await expect(page.getByLabel('How can we help?')).toHaveValue('I forgot my password and the reset email never came');

    await page.waitForTimeout(FILL_TIME_MS);
    await page.getByRole('button', { name: 'Send to support' }).click();
    await expect(page).toHaveURL(/\/tickets\/\d+\?key=[\w-]+&created=1$/);
    await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();

    await page.getByLabel('Add a reply').fill('Still nothing in my inbox.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.locator('.conversation .message-body').last()).toHaveText('Still nothing in my inbox.');
    await page.getByRole('button', { name: 'Mark as solved' }).click();
    await expect(page.locator('.ticket-meta .status')).toHaveText('Solved');

    // The draft went with the ticket.
    await visitContactForm(page, '/contact');
    await expect(page.getByLabel('How can we help?')).toHaveValue('');
  });

  test('"This answered my question" thanks the customer and opens no ticket', async ({ page }) => {
    await visitContactForm(page, '/ru/contact');
    await page.getByLabel('Кратко о проблеме').fill('Забыл пароль');
    await page.getByLabel('Чем мы можем помочь?').fill('Как сбросить пароль, если письмо не приходит?');
    const suggestions = page.locator('#suggestions');
    await expect(suggestions.locator('a.suggestion-title').first()).toHaveAttribute('href', /^\/ru\/articles\//);
    await suggestions.getByRole('button', { name: 'Это ответ на мой вопрос' }).first().click();
    await expect(page.locator('#deflected')).toBeVisible();
    await expect(page.locator('form.contact-form')).toBeHidden();
    expect(page.url()).toMatch(/\/ru\/contact$/);
  });
});
