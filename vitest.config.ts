import { defineConfig } from 'vitest/config';

// Unit tests only; end-to-end tests run with Playwright against a built site.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
