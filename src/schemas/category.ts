import { z } from 'zod';
import { SlugSchema } from './article';

/** One category of a locale, as writers describe it in `content/<locale>/categories.yml`. */
export const CategorySchema = z
  .object({
    /** The category's name on the home page, breadcrumbs and search filter. */
    title: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty'),
    /** One sentence under the title on the home and category pages. */
    description: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty'),
    /** Position on the home page; lower comes first. */
    order: z.number().int('must be a whole number').default(100),
  })
  .strict();

/** `content/<locale>/categories.yml`: a map from category slug (the folder name) to its metadata. */
export const CategoriesFileSchema = z.record(SlugSchema, CategorySchema);

export type Category = z.infer<typeof CategorySchema>;
