import { expect, type Locator, type Page } from '@playwright/test';

/** The header search box, present on every page of the help center. */
export function headerSearch(page: Page): Locator {
  return page.locator('#site-search');
}

/** The header search's live results (the combobox's listbox). */
export function searchDropdown(page: Page): Locator {
  return page.locator('#site-search-results');
}

/**
 * Types a query into the header search and waits for its live results. The query goes in at once
 * (one input event), so the dropdown shows this query's results and no half-typed one's; the search
 * client loads on focus and picks up whatever was typed before it arrived.
 */
export async function typeInHeaderSearch(page: Page, query: string): Promise<Locator> {
  const input = headerSearch(page);
  await input.click();
  await input.fill(query);
  const dropdown = searchDropdown(page);
  await expect(dropdown).toBeVisible();
  return dropdown;
}

/** Every JSON-LD object on the page, parsed. */
export async function jsonLd(page: Page): Promise<Array<Record<string, unknown>>> {
  const texts = await page.locator('script[type="application/ld+json"]').allTextContents();
  return texts.map((text) => JSON.parse(text) as Record<string, unknown>);
}

/** The page's JSON-LD object of one schema.org type; fails the test when there isn't exactly one. */
export async function jsonLdOfType(page: Page, type: string): Promise<Record<string, unknown>> {
  const found = (await jsonLd(page)).filter((item) => item['@type'] === type);
  expect(found, `JSON-LD of @type ${type}`).toHaveLength(1);
  return found[0] ?? {};
}

/** The path of an absolute URL, so tests don't depend on the public address the site was built for. */
export function pathOf(url: string | null): string {
  return url === null ? '' : new URL(url).pathname;
}

/** Opens a page that must exist; a 404 page standing in for it would let a test pass for the wrong reason. */
export async function visit(page: Page, path: string, options?: Parameters<Page['goto']>[1]): Promise<void> {
  const response = await page.goto(path, options);
  expect(response?.status(), `status of ${path}`).toBe(200);
}

/**
 * Opens a contact form and waits for its script (loaded after the page): before that, the form is the
 * plain one that works without JavaScript, and a test of suggestions, drafts or checks in the page would
 * race it.
 */
export async function visitContactForm(page: Page, path: string): Promise<void> {
  await visit(page, path);
  await expect(page.locator('form.contact-form[data-enhanced="true"]')).toBeAttached();
}
