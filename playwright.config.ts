import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium';

const PORT = 4411;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const BUILT_PAGE = fileURLToPath(new URL('./dist/client/index.html', import.meta.url));

// The browser tests run against the real build. Playwright starts the web server before any
// globalSetup, so the check lives here: without it a missing build shows up as a server that
// never answers, or as dozens of 404s.
if (!existsSync(BUILT_PAGE)) {
  throw new Error('The help center is not built (dist/client/index.html is missing): run `npm run build` first.');
}

export default defineConfig({
  testDir: 'tests/e2e',
  // Every test opens its own pages, so tests of one file can share the two workers.
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() },
    },
  ],
  webServer: {
    command: 'node --import tsx api/server.ts',
    url: `${BASE_URL}/api/health`,
    // A database of the test run's own, fresh each run, never the one `npm start` uses.
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: `${tmpdir()}/docket-e2e-${process.pid}.db`,
      // Every test comes from 127.0.0.1; the real limit (10 an hour) is covered by the API tests.
      RATE_LIMIT_TICKETS: '100/h',
    },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
