import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Locale } from '../i18n/locales';
import { CategoriesFileSchema } from '../schemas/category';

/**
 * A locale's categories as writers list them in `content/<locale>/categories.yml`, in their order: what the
 * contact form offers. Read per request (it is a few hundred bytes), so an edited file needs no restart.
 */
export async function readLocaleCategories(locale: Locale): Promise<Array<{ slug: string; title: string }>> {
  const file = join(resolve(process.env.DOCKET_CONTENT_DIR || 'content'), locale, 'categories.yml');
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const parsed = CategoriesFileSchema.safeParse(parseYaml(source) ?? {});
  if (!parsed.success) return [];
  return Object.entries(parsed.data)
    .sort(([, a], [, b]) => a.order - b.order || a.title.localeCompare(b.title, locale))
    .map(([slug, category]) => ({ slug, title: category.title }));
}
