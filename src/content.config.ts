import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LOCALES } from './i18n/locales';
import { ArticleFrontmatterSchema } from './schemas/article';
import { CategoriesFileSchema, CategorySchema } from './schemas/category';

/**
 * Where the articles are: `content/` unless `DOCKET_CONTENT_DIR` points elsewhere (the build benchmark
 * builds generated corpora with the same code).
 */
const contentDir = resolve(process.env.DOCKET_CONTENT_DIR || 'content');

/** `content/<locale>/<category>/<id>.md(x)`; files and folders starting with `_` are skipped. */
const articles = defineCollection({
  loader: glob({ pattern: '[!_]*/[!_]*/[!_]*.{md,mdx}', base: contentDir }),
  schema: ArticleFrontmatterSchema,
});

/** `content/<locale>/categories.yml`, one entry per locale and category: id `<locale>/<slug>`. */
const categories = defineCollection({
  loader: async () => {
    const entries = [];
    for (const locale of LOCALES) {
      const file = join(contentDir, locale, 'categories.yml');
      let source: string;
      try {
        source = await readFile(file, 'utf8');
      } catch {
        continue; // A locale with no categories file has no articles either; check:content says so if it does.
      }
      const parsed = CategoriesFileSchema.parse(parseYaml(source) ?? {});
      for (const [slug, category] of Object.entries(parsed)) {
        entries.push({ id: `${locale}/${slug}`, locale, slug, ...category });
      }
    }
    return entries;
  },
  // Strip, not strict: Astro hands the loader's `id` to the schema too.
  schema: CategorySchema.extend({ locale: z.enum(LOCALES), slug: z.string() }).strip(),
});

export const collections = { articles, categories };
