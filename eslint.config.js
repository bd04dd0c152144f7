// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '.scratch/',
      'dist/',
      '.astro/',
      'node_modules/',
      'bench/.work/',
      '.test-builds/',
      'tests/fixtures/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Migrations take Kysely<any>, as Kysely advises: they must keep working as the schema types move on.
    files: ['db/migrations/**/*.ts', 'db/migration-helpers.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Code that runs in the reader's browser.
    files: ['src/scripts/**/*.js', 'src/**/*.astro', 'tests/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
