import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runMeasured, type MeasuredRun } from './astro-build';

/**
 * The issue sets its build targets against "Starlight 0.37 on Astro 5" (26 s and 750 MB on its corpus). Pinned
 * here, so that every comparison builds the same Starlight: the newest 0.37 and the Astro 5 this repo builds with.
 */
export const STARLIGHT_PACKAGES = { astro: '5.18.2', '@astrojs/starlight': '0.37.7' } as const;

/** What building the corpus with Starlight took. */
export interface StarlightBuild extends MeasuredRun {
  /** Article pages given to Starlight (the corpus's English articles). */
  articles: number;
  /** Pages Starlight reported building. */
  pages: number | undefined;
}

const run = promisify(execFile);

/**
 * Installs the pinned Starlight into `kitDir` from the npm registry, once: later runs find it there. Its
 * install scripts (sharp, esbuild) are approved for npm 11, as Docket's own are.
 */
export async function installStarlight(kitDir: string, progress: (message: string) => void): Promise<void> {
  const installed = join(kitDir, 'node_modules', '@astrojs', 'starlight', 'package.json');
  const wanted = STARLIGHT_PACKAGES['@astrojs/starlight'];
  if (existsSync(installed) && (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === wanted) return;
  await mkdir(kitDir, { recursive: true });
  const manifest = {
    name: 'docket-bench-starlight',
    private: true,
    type: 'module',
    dependencies: STARLIGHT_PACKAGES,
    allowScripts: { sharp: true, esbuild: true },
  };
  await writeFile(join(kitDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  progress(`installing Starlight ${wanted} and Astro ${STARLIGHT_PACKAGES.astro} into ${kitDir} (npm, once)`);
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: kitDir, maxBuffer: 16 << 20 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`npm could not install Starlight into ${kitDir}:\n${stderr?.trim() ?? String(error)}`);
  }
}

/**
 * Writes a plain Starlight site of the corpus's English articles under `siteDir`, which must be inside `kitDir`
 * (its packages are found there): the frontmatter kept as written, with Docket's extra fields added to Starlight's
 * schema, and a sidebar group per category, as a docs site of this shape would be set up. The Russian articles
 * are left out: for a second locale Starlight also builds a fallback page for every untranslated article, which
 * would have it build twice the pages Docket does. Resolves with the number of articles.
 */
export async function writeStarlightSite(siteDir: string, contentDir: string): Promise<number> {
  const docsDir = join(siteDir, 'src', 'content', 'docs');
  await mkdir(docsDir, { recursive: true });
  const english = join(contentDir, 'en');
  const categories = (await readdir(english, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  let articles = 0;
  for (const category of categories) {
    await mkdir(join(docsDir, category));
    for (const file of await readdir(join(english, category))) {
      if (!file.endsWith('.md')) continue;
      await copyFile(join(english, category, file), join(docsDir, category, file));
      articles += 1;
    }
  }
  await writeFile(
    join(docsDir, 'index.md'),
    '---\ntitle: Help center\ndescription: Every article.\n---\n\nStart in the sidebar.\n',
  );
  await writeFile(join(siteDir, 'package.json'), '{ "type": "module", "private": true }\n');
  const sidebar = categories.sort().map((category) => ({ label: category, autogenerate: { directory: category } }));
  await writeFile(
    join(siteDir, 'astro.config.mjs'),
    [
      "import starlight from '@astrojs/starlight';",
      "import { defineConfig } from 'astro/config';",
      '',
      `export default defineConfig({ integrations: [starlight({ title: 'Help center', sidebar: ${JSON.stringify(sidebar)} })] });`,
      '',
    ].join('\n'),
  );
  await writeFile(
    join(siteDir, 'src', 'content.config.ts'),
    [
      "import { docsLoader } from '@astrojs/starlight/loaders';",
      "import { docsSchema } from '@astrojs/starlight/schema';",
      "import { defineCollection, z } from 'astro:content';",
      '',
      'export const collections = {',
      '  docs: defineCollection({',
      '    loader: docsLoader(),',
      '    schema: docsSchema({',
      '      extend: z.object({',
      '        tags: z.array(z.string()).optional(),',
      '        keywords: z.array(z.string()).optional(),',
      '        order: z.number().optional(),',
      '        updated: z.coerce.date().optional(),',
      '        related: z.array(z.string()).optional(),',
      '      }),',
      '    }),',
      '  }),',
      '};',
      '',
    ].join('\n'),
  );
  return articles;
}

/** Builds the site cold with the kit's Astro, sampling its process tree as Docket's builds are sampled. */
export async function buildStarlight(kitDir: string, siteDir: string, outDir: string, articles: number): Promise<StarlightBuild> {
  const astro = join(kitDir, 'node_modules', 'astro', 'astro.js');
  const measured = await runMeasured('node', [astro, 'build', '--root', siteDir, '--outDir', outDir], {
    cwd: siteDir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
  });
  const built = measured.log.map((entry) => /(\d+) page\(s\) built/.exec(entry.line)?.[1]).find(Boolean);
  return { ...measured, articles, pages: built === undefined ? undefined : Number(built) };
}
