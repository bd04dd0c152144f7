import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { visit } from './helpers';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** Readable enough to fix from: rule, impact, message, and each offending element. */
function describe(violations: AxeResults['violations']): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ') ?? ''}`)
        .join('\n');
      return `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

/** The pages a reader meets, each brought to the state worth checking. */
const PAGES: Array<{ name: string; open: (page: Page) => Promise<void> }> = [
  {
    name: 'home page',
    open: async (page) => {
      await visit(page, '/');
    },
  },
  {
    name: 'category page',
    open: async (page) => {
      await visit(page, '/categories/account-and-security/');
    },
  },
  {
    name: 'article page',
    open: async (page) => {
      await visit(page, '/articles/two-factor-authentication/');
    },
  },
  {
    name: 'FAQ page with a question open',
    open: async (page) => {
      await visit(page, '/faq/');
      const question = page.locator('main details').first();
      await question.locator('summary').click();
      await expect(question).toHaveAttribute('open', '');
    },
  },
  {
    name: 'search page with results',
    open: async (page) => {
      await visit(page, '/search/?q=invoice');
      await expect(page.locator('#search-page .search-results > li').first()).toBeVisible();
    },
  },
  {
    name: 'contact form showing field errors',
    open: async (page) => {
      await visit(page, '/contact');
      await page.getByRole('button', { name: 'Send to support' }).click();
      await expect(page.locator('.field-error').first()).toBeVisible();
    },
  },
  {
    name: 'header search with live results open',
    open: async (page) => {
      await visit(page, '/articles/reset-password/');
      await page.locator('#site-search').fill('password');
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
    },
  },
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility in the ${colorScheme} color scheme`, () => {
    for (const { name, open } of PAGES) {
      test(`the ${name} has no serious or critical axe violations`, async ({ page }) => {
        await page.emulateMedia({ colorScheme });
        await open(page);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter(
          (violation) => violation.impact === 'serious' || violation.impact === 'critical',
        );
        expect(serious, describe(serious)).toEqual([]);
      });
    }
  });
}
